// differential: prelude=eda oracle=at-exit
package main

import (
	"fmt"
	"time"
)

type probe struct{ name string }

func (p probe) done(d time.Duration) { fmt.Println(p.name, elapsed(d)) }

// probe{…}.done is a method of this file's type that does not call recover (go/types names
// it; without types the receiver is a composite literal of a type deferfix cannot see).
func main() {
	start := time.Now()
	defer probe{name: "main"}.done(time.Since(start)) // want: safe
	pause()
}
