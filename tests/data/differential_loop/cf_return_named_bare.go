package main

import "fmt"

func longest(names []string) (best string, count int, err error) {
	for _, name := range names {
		tick("L")
		var r *Res
		r, err = acquireErr(name)
		if err != nil {
			return
		}
		defer r.Close() // want: safe
		count++
		if len(name) > len(best) {
			best = name
		}
		if name == "stop" {
			best = "stopped"
			return
		}
		r.Use(count)
	}
	return
}

func main() {
	fmt.Println(longest([]string{"a", "ccc", "bb"}))
	fmt.Println(longest([]string{"a", "", "bb"}))
	fmt.Println(longest([]string{"a", "stop", "bb"}))
}
