package main

import "fmt"

type temp float64

func (t temp) String() string { return fmt.Sprintf("%.1f°", float64(t)) }

// t.String() could be a pointer method that writes t, which every iteration's closure
// shares in Go 1.21: without types that is a possible write, so the fix is unsafe. go/types
// says String has a value receiver: it writes nothing, and the fix is safe.
func main() {
	for _, t := range []temp{20, 21.5} {
		defer func() { fmt.Print(t.String(), " ") }() // want: safe
	}
}
