// differential: prelude=dbc oracle=same
package main

import (
	"fmt"
)

type logger struct{}

// Fatal only prints: this logger does not exit.
func (logger) Fatal(v ...any) { fmt.Println("fatal:", fmt.Sprint(v...)) }

func use(name string) error {
	log := logger{}
	resp, err := dial(name)
	defer resp.Body.Close() // want: none
	if err != nil {
		log.Fatal(err)
	}
	return nil
}

func main() { try("use", use) }
