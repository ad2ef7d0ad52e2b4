package main

import "fmt"

func show(p *int) { fmt.Println(*p) }

func main() {
	for i := 0; i < 3; i++ {
		defer func() { show(&i) }()
	}
}
