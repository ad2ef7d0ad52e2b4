package main

import (
	"fmt"
	"os"
)

func main() {
	defer fmt.Println("main: cleanup") // never printed
	if len(os.Args) > 5 {
		check(fmt.Errorf("too many")) // exits only when the error is not nil: not a finding
	}
	fmt.Println("main: working")
	die("main: giving up")
}
