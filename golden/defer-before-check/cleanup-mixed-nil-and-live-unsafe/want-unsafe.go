package main

import (
	"errors"
	"fmt"
)

// start returns a nil cleanup when it fails at once, and a live one when it fails after it
// started: the defer before the check panics on the first path and is what stops the
// worker on the second. Moving it below the check cures the first and leaks on the second.
func start(name string) (func(), error) {
	if name == "" {
		return nil, errors.New("no name")
	}
	stop := func() { fmt.Println("stopping", name) }
	if name == "late" {
		return stop, errors.New("started, then failed")
	}
	return stop, nil
}

func run(name string) error {
	stop, err := start(name)
	if err != nil {
		return err
	}
	defer stop()
	fmt.Println("running", name)
	return nil
}

func main() {
	fmt.Println(run("job"))
	fmt.Println(run("late"))
}
