// differential: prelude=dbc oracle=file
package main

import (
	"fmt"
)

func dial3(name string) (int, *conn, error) {
	c, err := dial(name)
	return len(name), c, err
}

func use(name string) error {
	n, c, err := dial3(name)
	defer c.CloseWith(name) // want: safe
	if nil != err {
		return err
	}
	fmt.Println("using", c.name, n)
	return nil
}

func main() { try("use", use) }
