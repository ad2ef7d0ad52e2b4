package main

import "fmt"

func run(n int) {
	for i := 0; i < n; i++ {
		tick("L")
		defer fmt.Println("deferred", i) // want: none
		fmt.Println("body", i)
	}
}

func main() {
	run(3)
}
