// differential: prelude=dbc oracle=file
package main

import (
	"fmt"
)

func use(name string) error {
	attempts := 0
	c, err := dial(name)
again:
	attempts++
	defer c.Close() // want: safe
	if err != nil {
		if attempts < 2 {
			goto again
		}
		return err
	}
	fmt.Println("using", c.name, "after", attempts)
	return nil
}

func main() { try("use", use) }
