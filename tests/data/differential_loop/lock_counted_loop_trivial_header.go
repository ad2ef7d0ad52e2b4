// differential: oracle=file
package main

import (
	"fmt"
	"sync"
)

var mu sync.Locker = &PanicLock{name: "mu"}

func fill(dst []int) int {
	for i := 0; i < len(dst); i++ {
		tick("L")
		mu.Lock()
		defer mu.Unlock() // want: safe
		dst[i] = i * i
	}
	return len(dst)
}

func main() {
	defer func() { fmt.Println("recovered:", recover()) }()
	d := make([]int, 3)
	fmt.Println(fill(d), d)
}
