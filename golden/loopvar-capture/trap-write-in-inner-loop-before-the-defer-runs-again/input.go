package main

import "fmt"

func main() {
	for i := 0; i < 4; i += 2 {
		for k := 0; k < 2; k++ {
			if k == 1 {
				i++
			}
			defer func() { fmt.Println(i) }()
		}
	}
}
