package main

import "fmt"

func run(names []string, withLog bool) int {
	n := 0
	for _, name := range names {
		tick("L")
		r := acquire(name)
		if withLog {
			lg := acquire("log-" + name)
			defer lg.Close() // want: safe
			lg.Use("logging")
		}
		if len(name) > 1 {
			defer r.Close() // want: safe
		} else {
			r.Close()
		}
		r.Use("work")
		n++
	}
	return n
}

func main() {
	fmt.Println(run([]string{"a", "bb", "ccc"}, true))
	fmt.Println(run([]string{"dd", "e"}, false))
}
