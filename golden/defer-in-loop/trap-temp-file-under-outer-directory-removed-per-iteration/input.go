package main

import (
	"fmt"
	"os"
)

// Each iteration creates a temporary file under dir and defers its removal; the code after
// the loop lists dir and finds them all. Removing each file at the end of its iteration
// would leave nothing to list: report-only.
func spool(dir string, parts []string) {
	for _, part := range parts {
		f, err := os.CreateTemp(dir, "part-*")
		if err != nil {
			return
		}
		defer os.Remove(f.Name())
		fmt.Fprint(f, part)
		f.Close()
	}
	entries, _ := os.ReadDir(dir)
	fmt.Printf("%d parts spooled\n", len(entries))
}

func main() {
	dir, _ := os.MkdirTemp("", "spool")
	defer os.RemoveAll(dir)
	spool(dir, []string{"a", "b", "c"})
}
