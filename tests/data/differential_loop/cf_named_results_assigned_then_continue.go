package main

import "fmt"

func sum(names []string) (total int, last string) {
	for _, name := range names {
		tick("L")
		r := acquire(name)
		defer r.Close() // want: safe
		total += len(name)
		last = name
		if len(name) == 1 {
			continue
		}
		r.Use(total)
		if total > 6 {
			return
		}
	}
	return total * 10, last + "!"
}

func main() {
	fmt.Println(sum([]string{"a", "bb", "ccc", "d"}))
	fmt.Println(sum([]string{"a", "bbbb", "ccc", "d"}))
}
