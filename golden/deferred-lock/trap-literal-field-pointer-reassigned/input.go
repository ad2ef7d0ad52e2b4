package main

import (
	"fmt"
	"sync"
)

type store struct {
	mu, other sync.Mutex
	cur       *sync.Mutex
}

func main() {
	s := &store{}
	s.cur = &s.mu
	s.cur.Lock()
	defer func() { s.cur.Lock() }()
	s.cur = &s.other
	fmt.Println("the literal locks s.other at exit, which is free")
}
