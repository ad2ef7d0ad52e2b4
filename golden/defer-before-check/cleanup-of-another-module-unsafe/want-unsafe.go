package main

import (
	"fmt"

	"example.com/dep"
)

func run(name string) error {
	cleanup, err := dep.Setup(name)
	if err != nil {
		return err
	}
	defer cleanup()
	fmt.Println("running", name)
	return nil
}

func main() {
	fmt.Println(run("job"))
}
