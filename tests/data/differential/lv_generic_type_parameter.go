package main

import "fmt"

func each[T any](xs []T) {
	for i, x := range xs {
		defer func() { fmt.Print(i, ":", x, " ") }() // want: safe
	}
}

type pair[K comparable, V any] struct {
	k K
	v V
}

func main() {
	each([]string{"a", "b"})
	each([]float64{1.5, 2.5})
	for _, p := range []pair[string, int]{{"x", 1}, {"y", 2}} {
		defer func() { fmt.Print(p.k, p.v, " ") }() // want: safe
	}
}
