// differential: oracle=same
package main

import (
	"fmt"
	"sync"
)

func main() {
	var mu sync.Mutex
	var l sync.Locker = &mu
	mu.Lock()
	defer mu.Lock() // want: none
	l.Unlock()
	fmt.Println("released through a sync.Locker, taken back at exit")
}
