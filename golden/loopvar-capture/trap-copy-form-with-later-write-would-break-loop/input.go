package main

import "fmt"

func next() (int, bool) { return 0, false }

func main() {
	for n, ok := next(); ok; n, ok = next() {
		defer func() { fmt.Println(n) }()
		n = 0
	}
}
