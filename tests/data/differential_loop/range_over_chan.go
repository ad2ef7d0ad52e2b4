package main

import "fmt"

func consume(ch <-chan string) int {
	n := 0
	for name := range ch {
		tick("L")
		r := acquire(name)
		defer r.Close() // want: safe
		if name == "end" {
			break
		}
		r.Use("got")
		n++
	}
	return n
}

func main() {
	ch := make(chan string, 5)
	for _, s := range []string{"a", "b", "end", "c"} {
		ch <- s
	}
	close(ch)
	fmt.Println(consume(ch))
}
