package main

import "fmt"

// cap(s) after append belongs to the compiler; this case records whether passing s changes it.
func main() {
	for s := []int{}; len(s) < 4; s = append(s, len(s)) {
		defer func() { fmt.Print(len(s), ":", cap(s), " ") }() // want: safe
	}
	for _, b := range []string{"ab", "cde"} {
		bs := []byte(b)
		defer func() { fmt.Print(len(bs), ":", cap(bs), " ") }()
	}
}
