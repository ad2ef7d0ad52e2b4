package main

import (
	"errors"
	"fmt"
)

type res struct{ name string }

func (r *res) Close() { fmt.Println("closed", r.name) }

// open returns nil with every non-nil error, so on the error path the deferred r.Close()
// would only run on a nil *res: moving it below the check is safe.
func open(name string) (*res, error) {
	if name == "" {
		return nil, errors.New("no name")
	}
	return &res{name}, nil
}

func use(name string) error {
	r, err := open(name)
	defer r.Close()
	if err != nil {
		return err
	}
	fmt.Println("using", r.name)
	return nil
}

func main() {
	fmt.Println(use("full"))
}
