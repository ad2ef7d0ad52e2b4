// differential: prelude=dbc oracle=file
package main

import (
	"fmt"
)

type holder struct{ c *conn }

func use(name string) error {
	var h holder
	var err error
	h.c, err = dial(name)
	defer h.c.Close() // want: safe
	if err != nil {
		return err
	}
	fmt.Println("using", h.c.name)
	return nil
}

func main() { try("use", use) }
