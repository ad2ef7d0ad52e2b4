// differential: prelude=dbc oracle=same
package main

import (
	"fmt"
)

func use(name string) error {
	c, err := dial(name)
	defer c.CloseWith("at exit") // want: none
	if err != nil {
		fmt.Println("logged:", err)
	}
	fmt.Println("carrying on")
	return nil
}

func main() { try("use", use) }
