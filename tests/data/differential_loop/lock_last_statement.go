// differential: oracle=file
package main

import (
	"fmt"
	"sync"
)

type Counter struct {
	mu sync.Locker
	n  map[string]int
}

func (c *Counter) add(keys []string) {
	for _, k := range keys {
		tick("L")
		c.mu.Lock()
		defer c.mu.Unlock() // want: safe
		c.n[k]++
		fmt.Println("added", k)
	}
}

func main() {
	defer func() { fmt.Println("recovered:", recover()) }()
	c := &Counter{mu: &PanicLock{name: "c"}, n: map[string]int{}}
	c.add([]string{"a", "b", "a"})
	fmt.Println(c.n)
}
