// differential: oracle=file
package main

import (
	"fmt"
	"sync"
)

var mu sync.Mutex

func get() int {
	mu.Lock()
	defer mu.Lock() // want: safe
	return 1
}

func main() {
	fmt.Println(get())
	fmt.Println(get())
}
