package main

import "fmt"

type point struct{ i, j int }

func main() {
	for i := 0; i < 2; i++ {
		i := i
		defer func() { fmt.Print(i, " ") }()
	}
	for i := 0; i < 2; i++ {
		defer fmt.Print(i, " ")
	}
	for i := 0; i < 2; i++ {
		defer func(i int) { fmt.Print(i, " ") }(i)
	}
	for i := 0; i < 2; i++ {
		func() {
			defer func() { fmt.Print(i, " ") }()
		}()
	}
	n := 0
	for n < 2 {
		defer func() { fmt.Print(n, " ") }()
		n++
	}
	for i := 0; i < 2; i++ {
		defer func() { fmt.Print(point{i: 7}, " ") }()
	}
}
