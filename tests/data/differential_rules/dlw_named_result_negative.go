// differential: oracle=same
package main

import (
	"errors"
	"fmt"
)

func run() (err error) {
	defer func() { err = errors.New("close failed") }()
	return nil
}

func main() { fmt.Println("run:", run()) }
