package main

import "fmt"

func main() {
	for i := 0; i < 3; i++ {
		defer func() {
			i := 7
			fmt.Println(i)
		}()
	}
}
