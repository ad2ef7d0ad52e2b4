package main

import (
	"fmt"
	"sort"
)

func sizes(m map[string]int) []string {
	var out []string
	for k, v := range m {
		tick("L")
		r := acquire(k)
		defer r.Close() // want: safe
		if v < 0 {
			continue
		}
		out = append(out, fmt.Sprintf("%s=%d", r.Name(), v))
	}
	sort.Strings(out)
	return out
}

func main() {
	fmt.Println(sizes(map[string]int{"a": 1, "b": -1, "c": 3}))
}
