// differential: oracle=same
package main

import "fmt"

func run(data []int, n int) {
	defer func(c int) { // want: unsafe (the capacity of a parameter comes from the caller)
		fmt.Println(n, c, len(data), cap(data), len(data)+1)
	}(3)
}

func main() { run(make([]int, 2, 5), 9) }
