package main

import "fmt"

func pair(r *Res) (string, int) {
	r.Use("pair")
	return r.Name(), len(r.Name())
}

func scan(names []string) (string, int) {
	for _, name := range names {
		tick("L")
		r := acquire(name)
		defer r.Close() // want: safe
		if len(name) > 1 {
			return pair(r)
		}
		r.Use("short")
	}
	return "none", 0
}

func main() {
	fmt.Println(scan([]string{"a", "bb", "c"}))
	fmt.Println(scan([]string{"a"}))
}
