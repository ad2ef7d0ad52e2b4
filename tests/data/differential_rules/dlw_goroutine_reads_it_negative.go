// differential: oracle=same
package main

import (
	"errors"
	"fmt"
)

func run(done chan error) {
	var err error
	defer func() { err = errors.New("close failed") }()
	go func() { done <- err }()
}

func main() {
	done := make(chan error, 1)
	run(done)
	fmt.Println("the goroutine sent a value:", true)
	<-done
}
