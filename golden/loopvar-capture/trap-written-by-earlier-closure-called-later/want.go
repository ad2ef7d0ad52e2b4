package main

import "fmt"

func main() {
	for i := 0; i < 6; i++ {
		skip := func() { i++ }
		defer func() { fmt.Println(i) }()
		skip()
	}
}
