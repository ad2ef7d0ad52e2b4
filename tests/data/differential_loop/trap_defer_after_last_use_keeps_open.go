// differential: leaks=keep
package main

import "fmt"

type Limiter struct{ max int }

func (l *Limiter) check() {
	if openCount() > l.max {
		fmt.Println("OVER THE LIMIT")
	}
	fmt.Println("open now:", openCount())
}

// The shape of x/net's netutil test: every connection is to stay open until the function
// returns ("leave c open"); the defer comes after the last use, where a plain Close would
// do if closing per iteration were meant.
func saturate(l *Limiter, names []string) {
	for _, name := range names {
		tick("keep")
		c := acquire(name)
		c.Use("hello")
		defer c.Close() // want: unsafe
	}
	l.check()
}

func main() {
	saturate(&Limiter{max: 3}, []string{"a", "b", "c"})
}
