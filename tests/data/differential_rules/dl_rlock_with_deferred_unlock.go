// differential: oracle=same unsafe=file
package main

import (
	"fmt"
	"sync"
)

var mu sync.RWMutex

func read() int {
	mu.RLock()
	defer mu.Unlock() // want: unsafe
	return 1
}

func main() {
	fmt.Println(read())
	fmt.Println(read())
}
