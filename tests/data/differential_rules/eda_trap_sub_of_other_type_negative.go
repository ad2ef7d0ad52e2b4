// differential: oracle=same
package main

import (
	"fmt"
	"time"
)

func elapsed(d time.Duration) string {
	if d >= 25*time.Millisecond {
		return "elapsed=long"
	}
	return "elapsed=short"
}

func report(d time.Duration, args ...any) { fmt.Println(append([]any{elapsed(d)}, args...)...) }

func pause() { time.Sleep(50 * time.Millisecond) }

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
