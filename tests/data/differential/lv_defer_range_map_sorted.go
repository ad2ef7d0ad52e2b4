package main

import (
	"fmt"
	"sort"
)

func collect(m map[string]int) (out []string) {
	defer sort.Strings(out)
	for k, v := range m {
		defer func() { out = append(out, fmt.Sprint(k, "=", v)) }() // want: safe
	}
	return nil
}

func main() {
	got := collect(map[string]int{"a": 1, "b": 2, "c": 3})
	sort.Strings(got)
	fmt.Println(got)
}
