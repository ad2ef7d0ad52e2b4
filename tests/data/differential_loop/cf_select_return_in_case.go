package main

import "fmt"

func first(chs []chan string) (string, int) {
	for i, ch := range chs {
		tick("L")
		r := acquire(fmt.Sprint("ch", i))
		defer r.Close() // want: safe
		select {
		case v, ok := <-ch:
			if !ok {
				r.Use("closed")
				continue
			}
			if v == "stop" {
				return v, i
			}
			r.Use(v)
		default:
			r.Use("empty")
			break
		}
	}
	return "", -1
}

func main() {
	a, b, c, d := make(chan string, 1), make(chan string, 1), make(chan string), make(chan string, 1)
	a <- "x"
	close(b)
	d <- "stop"
	fmt.Println(first([]chan string{a, b, c, d}))
	fmt.Println(first([]chan string{c}))
}
