// differential: prelude=dbc oracle=file
package main

import (
	"fmt"
)

func all(names []string) (n int) {
outer:
	for _, group := range [][]string{names, names} {
		for _, name := range group {
			c, err := dial(name)
			defer c.Close() // want: safe
			if err != nil {
				continue outer
			}
			n++
		}
	}
	return n
}

func main() {
	try("all", func(name string) error {
		fmt.Println("dialled", all([]string{"a", name, "b"}))
		return nil
	})
}
