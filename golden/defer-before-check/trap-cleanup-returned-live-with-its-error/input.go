package main

import (
	"errors"
	"fmt"
)

// acquire hands back its cleanup even when it fails part-way: what it did take must be
// released, so the defer before the check is what releases it on the error path.
func acquire(names ...string) (func(), error) {
	var got []string
	release := func() {
		for i := len(got) - 1; i >= 0; i-- {
			fmt.Println("releasing", got[i])
		}
	}
	for _, name := range names {
		if name == "" {
			return release, errors.New("an empty name")
		}
		got = append(got, name)
	}
	return release, nil
}

// open's cleanup is a func literal with its error too.
func open(name string) (func(), error) {
	if name == "" {
		return func() { fmt.Println("nothing to close") }, errors.New("no name")
	}
	return func() { fmt.Println("closing", name) }, nil
}

func run(names ...string) error {
	release, err := acquire(names...)
	defer release()
	if err != nil {
		return err
	}
	fmt.Println("holding", len(names))
	return nil
}

func use(name string) error {
	done, err := open(name)
	defer done()
	if err != nil {
		return err
	}
	fmt.Println("using", name)
	return nil
}

func main() {
	fmt.Println(run("a", "b"))
	fmt.Println(run("a", "", "c"))
	fmt.Println(use("f"))
	fmt.Println(use(""))
}
