// differential: oracle=same unsafe=changes
package main

import "fmt"

func risky() {
	defer recover() // want: unsafe
	panic("boom")
}

func main() {
	defer func() { fmt.Println("main recovered:", recover()) }()
	risky()
	fmt.Println("after risky")
}
