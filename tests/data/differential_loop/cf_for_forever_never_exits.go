package main

import "fmt"

func serve(reqs <-chan string, out chan<- string) {
	for {
		tick("S")
		name := <-reqs
		r := acquire(name)
		defer r.Close() // want: safe
		r.Use("serve")
		out <- name
	}
}

func main() {
	reqs := make(chan string)
	out := make(chan string)
	go serve(reqs, out)
	for _, n := range []string{"a", "b", "c"} {
		reqs <- n
		fmt.Println("served", <-out)
	}
}
