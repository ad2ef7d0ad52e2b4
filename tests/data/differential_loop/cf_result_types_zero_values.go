package main

import (
	"fmt"
	"time"
)

type Point struct{ X, Y int }
type Grid [2][2]int
type Handler func(string) string
type Named interface{ Name() string }
type Alias = Point
type label string

func (l label) Name() string { return string(l) }

func pick[T any](items []T, names []string, want string) (T, Point, Grid, Handler, chan int, Named, Alias, time.Duration, error) {
	for i, name := range names {
		tick("L")
		r := acquire(name)
		defer r.Close() // want: safe
		if name == want {
			return items[i], Point{i, i}, Grid{{i}}, func(s string) string { return s + name }, nil, label(r.Name()), Alias{X: 9}, time.Duration(i), nil
		}
		if name == "end" {
			break
		}
		r.Use(i)
	}
	var zero T
	return zero, Point{}, Grid{}, nil, nil, nil, Alias{}, 0, fmt.Errorf("no %s", want)
}

func main() {
	v, p, g, h, c, n, a, d, err := pick([]float64{1.5, 2.5, 3.5}, []string{"a", "b", "c"}, "b")
	fmt.Println(v, p, g, h("x"), c == nil, n.Name(), a, d, err)
	v, p, g, h, c, n, a, d, err = pick([]float64{1.5, 2.5}, []string{"a", "end"}, "z")
	fmt.Println(v, p, g, h == nil, c == nil, n == nil, a, d, err)
}
