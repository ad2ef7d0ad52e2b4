// differential: oracle=same unsafe=changes
package main

import (
	"errors"
	"fmt"
)

type file struct{ name string }

func (f *file) Close() error { return errors.New("close " + f.name + ": disk full") }

func save(f *file) error {
	var err error
	defer func() { err = f.Close() }() // want: unsafe
	fmt.Println("writing", f.name)
	return err
}

func main() {
	fmt.Println("save:", save(&file{name: "a"}))
}
