// differential: oracle=same
package main

import "fmt"

func handle() {
	if r := recover(); r != nil { // want: none
		fmt.Println("handled", r)
	}
}

func risky() {
	defer func() { handle() }()
	panic("boom")
}

func main() {
	defer func() { fmt.Println("main recovered:", recover()) }()
	risky()
}
