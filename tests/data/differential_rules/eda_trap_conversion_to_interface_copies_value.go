// differential: prelude=eda oracle=same unsafe=changes
package main

import (
	"fmt"
	"time"
)

type name struct{ s string }

func (n name) String() string { return n.s }

func main() {
	start := time.Now()
	n := name{"before"}
	defer report(time.Since(start), "via", fmt.Stringer(n)) // want: unsafe
	n.s = "after"
	pause()
}
