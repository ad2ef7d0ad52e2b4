package main

import (
	"errors"
	"fmt"
)

func main() {
	find := func(names []string, want string) (int, error) {
		for i, name := range names {
			tick("L")
			r := acquire(name)
			defer r.Close() // want: safe
			if name == want {
				return i, nil
			}
			if name == "" {
				return -1, errors.New("empty name")
			}
			r.Use(i)
		}
		return -1, fmt.Errorf("%s not found", want)
	}
	fmt.Println(find([]string{"a", "b"}, "b"))
	fmt.Println(find([]string{"a", "", "b"}, "b"))
	fmt.Println(find([]string{"a"}, "z"))
}
