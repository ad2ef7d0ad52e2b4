package main

import "fmt"

func run(names []string) int {
	rounds := 0
restart:
	for i := 0; i < len(names); i++ {
		tick("L")
		r := acquire(names[i])
		defer r.Close() // want: safe
		r.Use(rounds)
		if names[i] == "again" && rounds < 2 {
			rounds++
			goto restart
		}
	}
	return rounds
}

func main() {
	fmt.Println(run([]string{"a", "again", "b"}))
}
