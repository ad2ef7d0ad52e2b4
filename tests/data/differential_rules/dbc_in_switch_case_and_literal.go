// differential: prelude=dbc oracle=file
package main

import (
	"fmt"
)

func use(name string) error {
	switch len(name) {
	case 0, 2:
		c, err := dial(name)
		defer c.Close() // want: safe
		if err != nil {
			return err
		}
		fmt.Println("short", c.name)
	default:
		return func() error {
			c, err := dial(name)
			defer c.Close() // want: safe
			if err != nil {
				return err
			}
			fmt.Println("long", c.name)
			return nil
		}()
	}
	return nil
}

func main() {
	try("use", use)
	try("use", func(string) error { return use("long") })
}
