// differential: oracle=same
package main

import "fmt"

func main() {
	m := map[string]int{"a": 1}
	ch := make(chan int, 3)
	data := []int{1, 2}
	defer func() { fmt.Println(len(m), len(ch)) }()
	defer func() { fmt.Println(len(data), data[0]) }()
	m["b"] = 2
	ch <- 1
}
