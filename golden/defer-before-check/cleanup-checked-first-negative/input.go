package main

import (
	"errors"
	"fmt"
)

func setup(name string) (func(), error) {
	if name == "" {
		return nil, errors.New("no name")
	}
	return func() { fmt.Println("cleaning up", name) }, nil
}

func run(name string) error {
	cleanup, err := setup(name)
	if err != nil {
		return err
	}
	defer cleanup()
	fmt.Println("running", name)
	return nil
}

// The deferred call is another function, not the cleanup the call returned.
func other(name string, done func()) error {
	cleanup, err := setup(name)
	defer done()
	if err != nil {
		return err
	}
	defer cleanup()
	return nil
}

func main() {
	fmt.Println(run("job"))
	fmt.Println(run(""))
	fmt.Println(other("x", func() { fmt.Println("done") }))
}
