package main

import "fmt"

func count(n int) int {
	sum := 0
	for i := range n {
		tick("L")
		r := acquire(fmt.Sprint("i", i))
		defer r.Close() // want: safe
		r.Use(i)
		sum += i
	}
	return sum
}

func main() {
	fmt.Println(count(4))
}
