// differential: oracle=same
package main

import "fmt"

func handle() {
	if r := recover(); r != nil {
		fmt.Println("handled", r)
	}
}

func risky() {
	defer handle()
	panic("boom")
}

func main() {
	risky()
	fmt.Println("after risky")
}
