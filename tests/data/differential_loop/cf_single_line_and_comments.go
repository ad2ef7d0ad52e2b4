package main

import "fmt"

func run(names []string) int {
	n := 0
	for _, name := range names { r := acquire(name); defer r.Close(); r.Use(n); n++ } // want: safe
	for _, name := range names {
		// leading comment
		r := acquire(name + "2") // trailing comment
		defer r.Close()          // want: safe
		/* block
		comment */
		if name == "b" {
			continue // comment after continue
		}
		r.Use(n) // last
		// comment before the brace
	}
	return n
}

func main() {
	fmt.Println(run([]string{"a", "b", "c"}))
}
