package main

import (
	"fmt"
	"os"
)

// A temporary file created under dir, from outside the loop, is named by a path in dir,
// not a resource of the iteration alone (rules.md): removing it at the end of each iteration
// is very probably what was meant, but a later iteration, or whoever else looks into dir,
// would no longer find it. Unsafe, though nothing after the loop reads dir here.
func scratch(dir string, parts []string) int {
	n := 0
	for _, part := range parts {
		if done, num := func() (bool, int) {
			f, err := os.CreateTemp(dir, "scratch-*")
			if err != nil {
				return true, n
			}
			defer os.Remove(f.Name())
			fmt.Fprint(f, part)
			f.Close()
			n++
			return false, 0
		}(); done {
			return num
		}
	}
	return n
}

func main() {
	dir, _ := os.MkdirTemp("", "scratch")
	defer os.RemoveAll(dir)
	fmt.Println(scratch(dir, []string{"a", "b"}))
	entries, _ := os.ReadDir(dir)
	fmt.Println(len(entries), "left in dir")
}
