// differential: oracle=same
package main

import "fmt"

func risky() {
	handle := func() {
		if r := recover(); r != nil {
			fmt.Println("handled", r)
		}
	}
	defer handle()
	panic("boom")
}

func main() {
	risky()
	fmt.Println("after risky")
}
