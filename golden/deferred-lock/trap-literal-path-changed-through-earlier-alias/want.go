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
	alias := s
	s.cur.Lock()
	defer func() { s.cur.Lock() }()
	alias.cur = &s.other
	fmt.Println("the literal locks s.other at exit, which is free")
}
