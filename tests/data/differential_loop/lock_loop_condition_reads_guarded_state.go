package main

import "fmt"

type Queue struct {
	mu    Lock
	items []string
}

func (q *Queue) pending() bool {
	if !q.mu.Held() {
		fmt.Println("UNGUARDED READ of the queue")
	}
	return len(q.items) > 0
}

// With one item (the only way the original does not deadlock) the loop condition runs once
// more under q.mu after the body; per iteration it would run without the lock.
func (q *Queue) drain() int {
	n := 0
	for q.pending() {
		tick("L")
		q.mu.Lock()
		defer q.mu.Unlock() // want: unsafe
		q.items = q.items[1:]
		n++
	}
	return n
}

func main() {
	q := &Queue{mu: Lock{name: "q"}, items: []string{"a"}}
	fmt.Println(q.drain())
}
