package main

import (
	"fmt"
	"iter"
)

func names(list []string) iter.Seq[string] {
	return func(yield func(string) bool) {
		for _, n := range list {
			if !yield(n) {
				fmt.Println("iterator stopped")
				return
			}
		}
		fmt.Println("iterator exhausted")
	}
}

func firstLong(list []string) string {
	for n := range names(list) {
		tick("L")
		r := acquire(n)
		defer r.Close() // want: safe
		r.Use("seen")
		if len(n) > 2 {
			return n
		}
		if n == "x" {
			break
		}
	}
	return ""
}

func main() {
	fmt.Println(firstLong([]string{"a", "bb", "ccc", "d"}))
	fmt.Println(firstLong([]string{"a", "x", "ccc"}))
	fmt.Println(firstLong([]string{"a"}))
}
