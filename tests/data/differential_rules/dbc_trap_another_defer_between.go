// differential: prelude=dbc oracle=same unsafe=file
package main

import (
	"fmt"
)

func use(name string) error {
	c, err := dial(name)
	defer c.Close() // want: unsafe
	defer fmt.Println("registered second, runs first")
	if err != nil {
		return err
	}
	return nil
}

func main() { try("use", use) }
