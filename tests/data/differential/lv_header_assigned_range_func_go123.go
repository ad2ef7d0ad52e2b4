// differential: go=1.23 oracle=file
package main

import (
	"fmt"
	"iter"
)

func pairs() iter.Seq2[string, int] {
	return func(yield func(string, int) bool) {
		for i, s := range []string{"a", "b", "c"} {
			if !yield(s, i) {
				return
			}
		}
	}
}

func main() {
	var (
		k string
		v int
	)
	for k, v = range pairs() {
		defer func() { fmt.Print(k, v, " ") }() // want: safe
	}
}
