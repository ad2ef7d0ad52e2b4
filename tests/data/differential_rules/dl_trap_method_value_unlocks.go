// differential: oracle=same
package main

import (
	"fmt"
	"sync"
)

func main() {
	var mu sync.Mutex
	unlock := mu.Unlock
	mu.Lock()
	defer mu.Lock() // want: none
	unlock()
	fmt.Println("released through a method value, taken back at exit")
}
