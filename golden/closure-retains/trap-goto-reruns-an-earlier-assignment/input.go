package main

import "fmt"

func main() {
	round := 0
	var xs []int
again:
	xs = append(xs, round)
	if round == 0 {
		defer func() { fmt.Println(len(xs)) }()
	}
	round++
	if round < 3 {
		goto again
	}
}
