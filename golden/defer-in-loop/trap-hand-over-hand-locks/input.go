package main

import (
	"fmt"
	"sync"
)

type node struct {
	mu     sync.Mutex
	done   bool
	parent *node
}

// A different lock every iteration: the function holds every ancestor's lock until it
// returns, on purpose (as testing.T does). Nothing deadlocks.
func (n *node) firstRunningAncestor() *node {
	for p := n.parent; p != nil; p = p.parent {
		p.mu.Lock()
		defer p.mu.Unlock()
		if !p.done {
			return p
		}
	}
	return nil
}

func main() {
	root := &node{}
	mid := &node{parent: root, done: true}
	leaf := &node{parent: mid}
	fmt.Println(leaf.firstRunningAncestor() == root)
}
