package main

import "fmt"

func first(names []string, stop string) (seen int) {
	for _, name := range names {
		tick("L")
		r, err := acquireErr(name)
		if err != nil {
			fmt.Println("error:", err)
			break
		}
		defer r.Close() // want: safe
		if name == stop {
			r.Use("stop")
			break
		}
		r.Use("go on")
		seen++
	}
	fmt.Println("after loop")
	return seen
}

func main() {
	fmt.Println(first([]string{"a", "b", "stop", "c"}, "stop"))
	fmt.Println(first([]string{"a", "", "c"}, "stop"))
}
