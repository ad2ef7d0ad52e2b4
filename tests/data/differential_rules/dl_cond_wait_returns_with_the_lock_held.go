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

// q.cond.Wait() releases q.cond.L and takes it back before it returns: go/types says it is
// (*sync.Cond).Wait, so the lock is held at exit exactly as after the Lock, and Unlock was
// meant. Without types q.cond.Wait may be a func field or an interface method that only
// releases it: report-only.
func (q *queue) pop() int {
	q.cond.L.Lock()
	defer q.cond.L.Lock() // want: safe
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
