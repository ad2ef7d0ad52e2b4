// differential: oracle=same
package main

import (
	"errors"
	"fmt"
)

func passes() error {
	var err error
	n := 0
again:
	n++
	defer func() {
		fmt.Println("pass sees", err)
		err = errors.New("set by a deferred closure")
	}()
	if n < 2 {
		goto again
	}
	return nil
}

func main() {
	fmt.Println("passes:", passes())
}
