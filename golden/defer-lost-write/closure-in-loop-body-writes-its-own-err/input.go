package main

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
)

// `f, err := os.Create(p)` in the loop body declares a new err each iteration, shadowing
// the function's: the deferred closure joins the Close error into that copy, and nothing
// reads it, so save never returns it. Report-only: a named result cannot reach the body's
// err (defer-in-loop's fix returns it from a func literal).
func save(dir string, names []string) error {
	var err error
	for _, name := range names {
		f, err := os.Create(filepath.Join(dir, name))
		if err != nil {
			return err
		}
		defer func() { err = errors.Join(err, f.Close()) }()
		if _, err := fmt.Fprintln(f, name); err != nil {
			return err
		}
	}
	return err
}

func main() {
	dir, _ := os.MkdirTemp("", "save")
	defer os.RemoveAll(dir)
	fmt.Println(save(dir, []string{"a", "b"}))
}
