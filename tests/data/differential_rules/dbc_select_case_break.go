// differential: prelude=dbc oracle=file
package main

import (
	"fmt"
)

func use(name string) error {
	ch := make(chan string, 1)
	ch <- name
	for i := 0; i < 1; i++ {
		select {
		case n := <-ch:
			c, err := dial(n)
			defer c.Close() // want: safe
			if err != nil {
				fmt.Println("failed; leaving the select")
				break
			}
			fmt.Println("using", c.name)
		}
		fmt.Println("after the select")
	}
	return nil
}

func main() { try("use", use) }
