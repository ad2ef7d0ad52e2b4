package main

import "fmt"

// The inner loop runs the defer twice per outer iteration: with Go 1.22 both closures of one
// iteration share that iteration's i, so the second sees the first one's write.
func main() {
	for i := 0; i < 2; i++ {
		for k := 0; k < 2; k++ {
			defer func() {
				i += 10
				fmt.Print(i, " ")
			}()
		}
	}
}
