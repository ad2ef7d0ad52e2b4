// differential: prelude=eda oracle=same
package main

import (
	"fmt"
	"time"
)

type stopwatch struct{ laps int }

func (s *stopwatch) Since(time.Time) time.Duration { s.laps++; return time.Duration(s.laps) }

type printer struct{}

func (printer) Printf(format string, args ...any) {
	if r := recover(); r != nil {
		fmt.Println("recovered", r)
	}
	fmt.Printf(format+"\n", args...)
}

// A local time (a stopwatch) is not the time package: its Since counts laps, so there is no
// finding. A local log whose Printf calls recover(): the finding's fix is unsafe, since
// wrapping the call would stop that recover from working.
func main() {
	start := time.Now()
	{
		time := &stopwatch{}
		defer fmt.Println("laps", time.Since(start))
	}
	log := printer{}
	defer log.Printf("took %v", elapsed(time.Since(start))) // want: unsafe
	pause()
}
