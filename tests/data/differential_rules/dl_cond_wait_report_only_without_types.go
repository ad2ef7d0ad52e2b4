// differential: oracle=file
package main

import (
	"fmt"
	"sync"
)

type queue struct {
	mu    sync.Mutex
	cond  *sync.Cond
	items []int
}

// q.cond.Wait() does release the lock and take it back, but without types it may be a func
// field or an interface method that only releases it: report-only (go/types can tell).
func (q *queue) pop() int {
	q.cond.L.Lock()
	defer q.cond.L.Lock() // want: none
	for len(q.items) == 0 {
		q.cond.Wait()
	}
	x := q.items[0]
	q.items = q.items[1:]
	return x
}

func main() {
	q := &queue{items: []int{1, 2}}
	q.cond = sync.NewCond(&q.mu)
	fmt.Println(q.pop())
	fmt.Println(q.pop())
}
