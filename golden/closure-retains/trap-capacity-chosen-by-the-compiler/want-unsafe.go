package main

import "fmt"

type buf []int

// The capacity append gives x depends on where the compiler allocates it: with the closure
// keeping x alive it escapes, without it the backing array can stay on the stack. With Go
// 1.26 this prints "len 5 cap 6" before and "len 5 cap 8" after passing cap(x): unsafe.
// (No stdout files: the numbers belong to the compiler, not the language.)
func stacked() {
	x := buf{1, 2, 3}
	for k := 0; k < 2; k++ {
		x = append(x, k)
	}
	defer func(n int, c int) { fmt.Println("len", n, "cap", c) }(len(x), cap(x))
}

// make fixes the capacity: safe.
func made() {
	data := make([]int, 2, 7)
	defer func(n int, c int) { fmt.Println("len", n, "cap", c) }(len(data), cap(data))
}

func main() {
	stacked()
	made()
}
