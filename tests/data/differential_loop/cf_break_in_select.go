package main

import "fmt"

func drain(ch chan int, quit chan bool) int {
	total := 0
	for i := 0; i < 10; i++ {
		tick("L")
		r := acquire(fmt.Sprint("r", i))
		defer r.Close() // want: safe
		select {
		case v := <-ch:
			r.Use(v)
			if v < 0 {
				break
			}
			total += v
		case <-quit:
			r.Use("quit")
			continue
		default:
			r.Use("nothing")
		}
		r.Use("after select")
	}
	return total
}

func main() {
	ch := make(chan int, 10)
	quit := make(chan bool, 10)
	ch <- 1
	ch <- -2
	ch <- 3
	fmt.Println(drain(ch, quit))
	quit <- true
	fmt.Println(drain(ch, quit))
}
