package main

import (
	"fmt"
	"os"
	"path/filepath"
)

// The deferred Chmod restores each directory's mode only when the function returns, after
// the check that needs them read-only (as os.RemoveAll's own test does); d names a
// directory inside dir, which outlives the iteration.
func lockDown(dir string, names []string) {
	for _, name := range names {
		if done := func() bool {
			d := filepath.Join(dir, name)
			if err := os.Mkdir(d, 0o755); err != nil {
				fmt.Println(err)
				return true
			}
			os.Chmod(d, 0o555)
			defer os.Chmod(d, 0o755)
			return false
		}(); done {
			return
		}
	}
	entries, _ := os.ReadDir(dir)
	for _, e := range entries {
		info, _ := e.Info()
		fmt.Println(e.Name(), info.Mode().Perm())
	}
}

func main() {
	dir, _ := os.MkdirTemp("", "lockdown")
	defer os.RemoveAll(dir)
	lockDown(dir, []string{"a", "b"})
}
