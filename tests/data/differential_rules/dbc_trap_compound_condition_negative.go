// differential: prelude=dbc oracle=same
package main

import (
	"errors"
)

var errIgnored = errors.New("ignored")

func use(name string) error {
	c, err := dial(name)
	defer c.CloseWith("at exit")
	if err != nil && !errors.Is(err, errIgnored) {
		return err
	}
	return nil
}

func main() { try("use", use) }
