package main

import "fmt"

func run(names []string) int {
	total := 0
	for _, name := range names {
		tick("L")
		r := acquire(name)
		defer r.Close() // want: safe
		count := func() int {
			n := 0
			for _, c := range name {
				if c == 'x' {
					break
				}
				n++
			}
			return n
		}()
		if count == 0 {
			continue
		}
		r.Use(count)
		total += count
	}
	return total
}

func main() {
	fmt.Println(run([]string{"abc", "xyz", "ab"}))
}
