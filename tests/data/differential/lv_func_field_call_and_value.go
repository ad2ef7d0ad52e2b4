package main

import "fmt"

type job struct {
	name string
	run  func() string
}

func main() {
	jobs := []job{{"a", func() string { return "ran a" }}, {"b", func() string { return "ran b" }}}
	for _, j := range jobs {
		defer func() { fmt.Print(j.run(), " ") }() // want: safe
		f := j.run
		fmt.Print(f(), " ", j.name, " ")
	}
}
