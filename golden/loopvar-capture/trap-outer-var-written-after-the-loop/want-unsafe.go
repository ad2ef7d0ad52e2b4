package main

import "fmt"

func main() {
	var i int
	for i = 0; i < 3; i++ {
		defer func(i int) { fmt.Println(i) }(i)
	}
	i = 10
}
