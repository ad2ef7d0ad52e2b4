// differential: go=1.23 oracle=same
package main

import (
	"fmt"
	"iter"
)

func count(n int) iter.Seq[int] {
	return func(yield func(int) bool) {
		for i := 0; i < n; i++ {
			if !yield(i) {
				return
			}
		}
	}
}

func main() {
	for x := range count(3) {
		defer func() { fmt.Print(x, " ") }()
	}
	for i := range 3 {
		defer func() { fmt.Print(i*10, " ") }()
	}
}
