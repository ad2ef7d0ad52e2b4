// differential: prelude=eda oracle=same
package main

import (
	"fmt"
	"time"
)

type meter struct{ name string }

// Sub takes a time.Time but is not time.Time's Sub: it prints.
func (m meter) Sub(t time.Time) time.Duration {
	fmt.Println("meter", m.name, "read")
	return 0
}

func main() {
	m := meter{"m"}
	defer fmt.Println("meter says", m.Sub(time.Now()))
	fmt.Println("work")
}
