package main

import (
	"fmt"
	"sync"
)

func worker(jobs <-chan string, quit <-chan bool, done *sync.WaitGroup, results chan<- string) {
	defer done.Done()
	for {
		tick("W")
		select {
		case <-quit:
			return
		case name := <-jobs:
			r := acquire(name)
			defer r.Close() // want: safe
			r.Use("job")
			results <- name
		}
	}
}

func main() {
	jobs := make(chan string)
	quit := make(chan bool)
	results := make(chan string, 10)
	var wg sync.WaitGroup
	wg.Add(1)
	go worker(jobs, quit, &wg, results)
	for _, j := range []string{"a", "b", "c"} {
		jobs <- j
		fmt.Println("result", <-results)
	}
	quit <- true
	wg.Wait()
	fmt.Println("done")
}
