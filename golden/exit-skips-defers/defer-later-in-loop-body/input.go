package main

import (
	"fmt"
	"os"
)

func main() {
	for i := 0; i < 3; i++ {
		if i == 2 {
			os.Exit(0) // the defers of iterations 0 and 1 never run
		}
		defer fmt.Println("deferred", i)
		fmt.Println("iteration", i)
	}
}
