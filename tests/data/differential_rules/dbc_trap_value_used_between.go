// differential: prelude=dbc oracle=same
package main

import (
	"fmt"
)

func use(name string) error {
	c, err := dial(name)
	defer c.CloseWith("at exit") // want: none
	fmt.Println("dialled", c != nil)
	if err != nil {
		return err
	}
	return nil
}

func main() { try("use", use) }
