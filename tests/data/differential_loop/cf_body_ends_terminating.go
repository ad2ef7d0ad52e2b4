package main

import "fmt"

func run(names []string) (out string) {
	defer func() {
		if p := recover(); p != nil {
			out += fmt.Sprint("|recovered ", p)
		}
	}()
	for _, name := range names {
		tick("L")
		r := acquire(name)
		defer r.Close() // want: safe
		if name != "end" {
			r.Use("continue")
			out += name
			continue
		}
		panic("reached end after " + out)
	}
	return out
}

func ends(names []string) int {
	n := 0
	for _, name := range names {
		tick("E")
		r := acquire(name)
		defer r.Close() // want: safe
		for {
			n++
			if n%2 == 0 {
				break
			}
			r.Use(n)
		}
		if n > 4 {
			return n
		}
		for {
			r.Use("inner forever")
			if name != "" {
				goto next
			}
		}
	next:
	}
	return -n
}

func main() {
	fmt.Println(run([]string{"a", "b"}))
	fmt.Println(run([]string{"a", "end", "b"}))
	fmt.Println(ends([]string{"a", "b", "c", "d"}))
}
