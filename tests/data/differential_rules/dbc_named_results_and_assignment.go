// differential: prelude=dbc oracle=file
package main

import (
	"fmt"
)

func use(name string) (c *conn, err error) {
	c, err = dial(name)
	defer c.Close() // want: safe
	if err != nil {
		return nil, err
	}
	return c, nil
}

func main() {
	try("use", func(name string) error {
		c, err := use(name)
		fmt.Println("got", c != nil)
		return err
	})
}
