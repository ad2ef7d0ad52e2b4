// differential: prelude=eda oracle=same unsafe=changes
package main

import (
	"time"
)

type config struct{ name string }

func main() {
	start := time.Now()
	cfg := &config{name: "before"}
	defer report(time.Since(start), "name", cfg.name) // want: unsafe
	cfg.name = "after"
	pause()
}
