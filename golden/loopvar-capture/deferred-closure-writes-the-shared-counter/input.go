package main

import "fmt"

// The deferred closures share i in Go 1.21 and count it down together (3 2 1): each one's
// i-- is what the next one prints. With a copy each would print its own value (2 1 0), so
// the fix changes more than the defect: unsafe (rules.md, loopvar-capture).
func main() {
	for i := 0; i < 3; i++ {
		defer func() {
			fmt.Println(i)
			i--
		}()
	}
}
