package main

import (
	"errors"
	"fmt"
)

type ValidationError struct{ Name string }

func (e *ValidationError) Error() string { return "invalid " + e.Name }

func check(names []string) (int, error) {
	n := 0
	for _, name := range names {
		tick("L")
		r, err := acquireErr(name)
		if err != nil {
			return 0, err
		}
		defer r.Close() // want: safe
		if len(name) > 3 {
			return 0, &ValidationError{name}
		}
		if name == "no" {
			return 0, errors.New("no")
		}
		if name == "skip" {
			continue
		}
		r.Use("checked")
		n++
	}
	return n, nil
}

func main() {
	fmt.Println(check([]string{"a", "b"}))
	fmt.Println(check([]string{"a", "bad", "b"}))
	fmt.Println(check([]string{"a", "toolong"}))
	fmt.Println(check([]string{"a", "no"}))
	fmt.Println(check([]string{"skip", "a"}))
}
