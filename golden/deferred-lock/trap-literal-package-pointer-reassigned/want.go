package main

import (
	"fmt"
	"sync"
)

var a, b sync.Mutex
var current = &a

func main() {
	current.Lock()
	defer func() { current.Lock() }()
	current = &b
	fmt.Println("the literal locks b at exit, which is free")
}
