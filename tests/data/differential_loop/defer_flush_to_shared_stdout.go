package main

import (
	"bufio"
	"fmt"
	"os"
)

// Each iteration's writer flushes to the shared os.Stdout: when the flush runs decides the
// order of the program's output.
func run(names []string) {
	for _, name := range names {
		w := bufio.NewWriter(os.Stdout)
		defer w.Flush() // want: unsafe
		fmt.Fprintln(w, "buffered", name)
		fmt.Println("direct", name)
	}
}

func main() {
	run([]string{"a", "b"})
}
