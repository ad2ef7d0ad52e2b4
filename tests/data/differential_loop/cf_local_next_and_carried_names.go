package main

import (
	"errors"
	"fmt"
)

func scan(names []string) (int, string, error) {
	next := "start"
	n, s, err := 0, "", error(nil)
	for _, name := range names {
		tick("L")
		r := acquire(name)
		defer r.Close() // want: safe
		next = name
		n++
		s += name
		if name == "stop" {
			return n, s + "/" + next, err
		}
		if name == "fail" {
			err = errors.New("failed at " + next)
			return 0, "", err
		}
		r.Use(next)
	}
	return n, s, err
}

func main() {
	fmt.Println(scan([]string{"a", "b"}))
	fmt.Println(scan([]string{"a", "stop", "b"}))
	fmt.Println(scan([]string{"a", "fail", "b"}))
}
