// differential: prelude=dbc oracle=same
package main

import (
	"fmt"
)

func use(name string) error {
	c, err := dial(name)
	defer c.CloseWith("at exit") // want: none
	if err != nil {
		return err
	} else {
		fmt.Println("dialled")
	}
	return nil
}

func main() { try("use", use) }
