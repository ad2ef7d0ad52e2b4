package main

import "fmt"

type File struct {
	name   string
	closed bool
}

var openFiles int

func (f *File) Close() {
	openFiles--
	f.closed = true
	fmt.Println("close", f.name)
}

func (f *File) Read() string {
	if f.closed {
		fmt.Println("USE AFTER CLOSE", f.name)
	}
	return "data of " + f.name
}

// Close prints, but it also releases: it is not a deferred call that only prints.
func run(names []string) int {
	n := 0
	for _, name := range names {
		openFiles++
		f := &File{name: name}
		defer f.Close() // want: safe
		fmt.Println(f.Read())
		fmt.Println("#open:", openFiles)
		n++
	}
	return n
}

func main() {
	fmt.Println(run([]string{"a", "b"}))
}
