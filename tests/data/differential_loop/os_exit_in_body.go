package main

import (
	"fmt"
	"os"
)

func run(names []string) {
	for _, name := range names {
		tick("L")
		r := acquire(name)
		defer r.Close() // want: safe
		r.Use("work")
		if name == "exit" {
			fmt.Println("exiting")
			os.Exit(3)
		}
	}
}

func main() {
	run([]string{"a", "b", "exit", "c"})
}
