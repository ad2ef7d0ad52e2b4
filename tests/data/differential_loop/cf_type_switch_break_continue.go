package main

import "fmt"

func walk(items []any) string {
	out := ""
	for _, it := range items {
		tick("L")
		r := acquire(fmt.Sprint(it))
		defer r.Close() // want: safe
		switch v := it.(type) {
		case int:
			if v > 5 {
				break
			}
			r.Use("int", v)
		case string:
			r.Use("string", v)
			continue
		case nil:
			r.Use("nil")
		}
		out += fmt.Sprint(it)
	}
	return out
}

func main() {
	fmt.Println(walk([]any{1, "s", 7, nil, 3}))
}
