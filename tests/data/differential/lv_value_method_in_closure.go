package main

import "fmt"

type temp float64

func (t temp) String() string { return fmt.Sprintf("%.1f°", float64(t)) }

// t.String() might be a pointer method that writes t; the deferred closure runs after the
// loop and nothing else shares t, so its own copy behaves as Go 1.22's per-iteration t.
func main() {
	for _, t := range []temp{20, 21.5} {
		defer func() { fmt.Print(t.String(), " ") }() // want: safe
	}
}
