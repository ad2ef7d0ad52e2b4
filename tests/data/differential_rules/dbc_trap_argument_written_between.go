// differential: prelude=dbc oracle=same
package main

import (
	"fmt"
)

func use(name string) error {
	note := "first"
	c, err := dial(name)
	defer c.CloseWith(note) // want: none
	note = "second"
	if err != nil {
		return err
	}
	fmt.Println("note is", note)
	return nil
}

func main() { try("use", use) }
