// differential: go=1.21
package main

import "fmt"

func run(names []string) {
	for i, name := range names {
		tick("L")
		r := acquire(name)
		defer func() { // want: unsafe
			fmt.Println("deferred sees i =", i)
			r.Close()
		}()
		r.Use(i)
	}
}

func main() {
	run([]string{"a", "b", "c"})
}
