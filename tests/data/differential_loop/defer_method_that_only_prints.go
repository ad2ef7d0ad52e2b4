package main

import "fmt"

type Job struct{ name string }

func (j *Job) Report() { fmt.Println("finished", j.name) }

// The deferred method releases nothing: it prints when the function returns, in reverse.
func run(names []string) {
	for _, name := range names {
		j := &Job{name: name}
		fmt.Println("start", j.name)
		defer j.Report() // want: none
	}
}

func main() {
	run([]string{"a", "b"})
}
