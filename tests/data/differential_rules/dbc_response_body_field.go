// differential: prelude=dbc oracle=file
package main

import (
	"fmt"
)

func fetch(name string) error {
	resp, err := dial(name)
	defer resp.Body.Close() // want: safe
	if err != nil {
		return fmt.Errorf("fetch: %w", err)
	}
	fmt.Println("fetched", resp.name)
	return nil
}

func main() { try("fetch", fetch) }
