package main

import "fmt"

const step int64 = 2

type celsius float32

func main() {
	for b := byte('a'); b < 'c'; b++ {
		defer func() { fmt.Printf("%c ", b) }() // want: safe
	}
	for r := 'x'; r <= 'y'; r++ {
		defer func() { fmt.Printf("%c ", r) }() // want: safe
	}
	for f := 0.5; f < 2; f += 1 {
		defer func() { fmt.Print(f, " ") }() // want: safe
	}
	for n := step; n < 7; n += step {
		defer func() { fmt.Print(n, " ") }() // want: safe
	}
	for u := uint8(254); u != 1; u++ {
		defer func() { fmt.Print(u, " ") }() // want: safe
	}
	for c := celsius(1.5); c < 3; c++ {
		defer func() { fmt.Print(c, " ") }() // want: safe
	}
	for i := len("abc") - 1; i >= 0; i-- {
		defer func() { fmt.Print(i, " ") }() // want: safe
	}
}
