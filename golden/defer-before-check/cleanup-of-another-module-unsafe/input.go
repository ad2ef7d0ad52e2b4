package main

import (
	"fmt"

	"example.com/dep"
)

func run(name string) error {
	cleanup, err := dep.Setup(name)
	defer cleanup()
	if err != nil {
		return err
	}
	fmt.Println("running", name)
	return nil
}

func main() {
	fmt.Println(run("job"))
}
