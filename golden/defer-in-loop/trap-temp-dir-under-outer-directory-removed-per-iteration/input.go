package main

import (
	"fmt"
	"os"
	"path/filepath"
)

// Each iteration makes a directory under root with os.MkdirTemp and defers its removal; the
// code after the loop walks root. Removing each directory per iteration would leave the
// walk nothing: report-only.
func stage(root string, names []string) {
	for _, name := range names {
		dir, err := os.MkdirTemp(root, "stage-")
		if err != nil {
			return
		}
		defer os.RemoveAll(dir)
		os.WriteFile(filepath.Join(dir, name), []byte(name), 0o644)
	}
	count := 0
	filepath.WalkDir(root, func(path string, d os.DirEntry, err error) error {
		if err == nil && !d.IsDir() {
			count++
		}
		return nil
	})
	fmt.Printf("%d files staged\n", count)
}

func main() {
	root, _ := os.MkdirTemp("", "stage")
	defer os.RemoveAll(root)
	stage(root, []string{"a", "b"})
}
