// differential: oracle=same unsafe=changes
package main

import (
	"errors"
	"fmt"
)

func work() error {
	err := errors.New("work failed")
	defer func() { err = errors.New("cleanup failed") }() // want: unsafe
	return err
}

func main() {
	fmt.Println("work:", work())
}
