// differential: oracle=same
package main

import "fmt"

// The capacity append and []byte(s) choose depends on where the compiler puts the backing
// array; once the closure no longer keeps data alive it can stay on the stack, with another
// capacity. len is fixed by the language, cap after append is not.
func process(s string) {
	data := []byte(s)
	defer func() { fmt.Println("cap", cap(data)) }() // want: unsafe
	fmt.Println("len", len(data))
}

func grown() {
	data := []int{}
	for k := 0; k < 5; k++ {
		data = append(data, k)
	}
	defer func() { fmt.Println("cap", cap(data)) }() // want: unsafe
}

// With Go 1.26 this one prints cap 6 before and cap 8 after the fix (x escapes with the
// closure, stays on the stack without it).
type buf []int

func stacked() {
	x := buf{1, 2, 3}
	for k := 0; k < 2; k++ {
		x = append(x, k)
	}
	defer func() { fmt.Println("len", len(x), "cap", cap(x)) }() // want: unsafe
}

func main() {
	process("abc")
	grown()
	stacked()
	made()
}

func made() {
	data := make([]int, 2, 7)
	spare := []int{1, 2, 3}
	var none []int
	defer func() { fmt.Println("cap", cap(data), cap(spare), cap(none)) }() // want: safe, safe, safe
}

