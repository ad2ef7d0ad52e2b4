// differential: oracle=same
package main

import (
	"fmt"
	"sync"
)

type table struct {
	sync.RWMutex
	rows int
}

func (t *table) count() int {
	t.RLock()
	defer t.RLock() // want: none
	n := t.rows
	t.RWMutex.RUnlock()
	return n
}

func main() {
	var t table
	fmt.Println(t.count())
	t.RUnlock()
	t.Lock()
	fmt.Println("write lock taken")
}
