// differential: oracle=same
package main

import "fmt"

func risky() {
	recover := func() any { return "not the builtin" }
	defer func() { fmt.Println(recover()) }()
	fmt.Println("work")
}

func main() { risky() }
