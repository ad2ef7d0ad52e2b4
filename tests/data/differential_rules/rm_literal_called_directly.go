// differential: oracle=same
package main

import "fmt"

func risky() {
	defer func() {
		func() {
			if r := recover(); r != nil { // want: none
				fmt.Println("never here")
			}
		}()
	}()
	panic("boom")
}

func main() {
	defer func() { fmt.Println("main recovered:", recover()) }()
	risky()
}
