// differential: prelude=dbc oracle=file
package main

import (
	"fmt"
)

func use(name string) error {
	c, err := dial(name)
	defer c.Close() // want: safe
	if err != nil {
		panic(err)
	}
	fmt.Println("using", c.name)
	return nil
}

func main() { try("use", use) }
