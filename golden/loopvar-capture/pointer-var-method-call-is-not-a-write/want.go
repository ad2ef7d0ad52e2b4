package main

import "fmt"

type file struct{ name string }

func (f *file) Close() { fmt.Println("close", f.name) }

func main() {
	files := []*file{{"a"}, {"b"}}
	for _, f := range files {
		defer func(f *file) { f.Close() }(f)
	}
}
