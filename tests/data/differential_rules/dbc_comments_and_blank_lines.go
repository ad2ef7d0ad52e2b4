// differential: prelude=dbc oracle=file
package main

import (
	"fmt"
)

func use(name string) error {
	c, err := dial(name)

	// Close when done.
	// (two comment lines)
	defer c.Close() // want: safe
	// the check
	if err != nil {
		return err
	} // checked

	fmt.Println("using", c.name)
	return nil
}

func main() { try("use", use) }
