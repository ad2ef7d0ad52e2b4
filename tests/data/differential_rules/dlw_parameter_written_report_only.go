// differential: oracle=same
package main

import (
	"errors"
	"fmt"
)

func run(err error) error {
	defer func() { err = errors.New("close failed") }() // want: none
	return err
}

func main() { fmt.Println("run:", run(nil)) }
