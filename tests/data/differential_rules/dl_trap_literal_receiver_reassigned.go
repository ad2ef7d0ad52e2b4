// differential: oracle=same
package main

import (
	"fmt"
	"sync"
)

func main() {
	var a, b sync.Mutex
	mu := &a
	mu.Lock()
	defer func() { mu.Lock() }() // want: none
	mu = &b
	fmt.Println("the literal locks b at exit, which is free")
}
