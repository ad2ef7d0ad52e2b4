package main

import (
	"errors"
	"fmt"
)

// setup hands back its cleanup only when it succeeds: a nil func with its error.
func setup(name string) (func(), error) {
	if name == "" {
		return nil, errors.New("no name")
	}
	return func() { fmt.Println("cleaning up", name) }, nil
}

func run(name string) (err error) {
	defer func() {
		if r := recover(); r != nil {
			err = fmt.Errorf("panic: %v", r)
		}
	}()
	cleanup, err := setup(name)
	if err != nil {
		return err
	}
	defer cleanup()
	fmt.Println("running", name)
	return nil
}

func main() {
	fmt.Println(run("job"))
	fmt.Println(run(""))
}
