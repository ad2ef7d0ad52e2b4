package main

import "fmt"

func walk(dirs map[string][]string, order []string) int {
	n := 0
	for _, d := range order {
		tick("outer")
		dir := acquire(d)
		defer dir.Close() // want: safe
		for _, f := range dirs[d] {
			tick("inner")
			file := acquire(d + "/" + f)
			defer file.Close() // want: safe
			if f == "skip" {
				continue
			}
			file.Use(dir.Name())
			n++
		}
		dir.Use("listed")
	}
	return n
}

func main() {
	fmt.Println(walk(map[string][]string{"x": {"1", "skip", "2"}, "y": {"3"}}, []string{"x", "y"}))
}
