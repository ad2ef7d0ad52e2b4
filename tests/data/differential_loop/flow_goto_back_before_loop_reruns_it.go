package main

import "fmt"

// Every path after the defer leaves the loop, but `goto again` runs the loop once more:
// the deferred closes pile up until the function returns.
func run(names []string) int {
	tries := 0
again:
	for _, name := range names {
		tick("L")
		r := acquire(fmt.Sprint(name, tries))
		defer r.Close() // want: safe
		r.Use(tries)
		if tries < 2 {
			tries++
			goto again
		}
		return tries
	}
	return -1
}

func main() {
	fmt.Println(run([]string{"a", "b"}))
}
