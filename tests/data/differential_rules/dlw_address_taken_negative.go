// differential: oracle=same
package main

import (
	"errors"
	"fmt"
)

func run(out **error) {
	var err error
	*out = &err
	defer func() { err = errors.New("close failed") }()
}

func main() {
	var p *error
	run(&p)
	fmt.Println("seen through the pointer:", *p)
}
