// differential: oracle=same unsafe=changes
package main

import (
	"errors"
	"fmt"
)

func count() (int, error) {
	n, err := 3, error(nil)
	defer func() { // want: unsafe
		if r := recover(); r != nil {
			err = fmt.Errorf("recovered: %v", r)
		}
	}()
	if n > 2 {
		panic(errors.New("too many"))
	}
	return n, err
}

func main() {
	func() {
		defer func() { fmt.Println("main recovered:", recover()) }()
		n, err := count()
		fmt.Println("count:", n, err)
	}()
}
