package main

import "fmt"

func grow(p *[]int) { *p = append(*p, 0) }

func main() {
	xs := []int{1}
	defer func() { fmt.Println(len(xs)) }()
	grow(&xs)
}
