package main

import (
	"errors"
	"fmt"
)

func find(names []string, want string) (string, int, error) {
	for i, name := range names {
		tick("L")
		r, err := acquireErr(name)
		if err != nil {
			return "", i, err
		}
		defer r.Close() // want: safe
		if name == want {
			r.Use("found")
			return r.Name(), i, nil
		}
		if name == "boom" {
			return "x", -1, errors.New("boom")
		}
		r.Use("not it")
	}
	return "", -1, nil
}

func main() {
	fmt.Println(find([]string{"a", "b", "c"}, "b"))
	fmt.Println(find([]string{"a", "", "c"}, "c"))
	fmt.Println(find([]string{"a", "boom"}, "c"))
	fmt.Println(find([]string{"a"}, "c"))
}
