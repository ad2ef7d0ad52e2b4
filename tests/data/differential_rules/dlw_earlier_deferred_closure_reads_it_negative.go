// differential: oracle=same
package main

import (
	"errors"
	"fmt"
)

func run() {
	var err error
	defer func() { fmt.Println("reported at the very end:", err) }()
	defer func() { err = errors.New("close failed") }()
	fmt.Println("working")
}

func main() { run() }
