// differential: prelude=dbc oracle=same
package main

import (
	"fmt"
)

func use(name string) error {
	panic := func(v any) { fmt.Println("not the builtin:", v) }
	resp, err := dial(name)
	defer resp.Body.Close() // want: none
	if err != nil {
		panic(err)
	}
	return nil
}

func main() { try("use", use) }
