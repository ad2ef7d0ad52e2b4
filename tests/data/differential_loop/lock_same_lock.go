// differential: oracle=file
package main

import (
	"fmt"
	"sync"
)

func run(mu sync.Locker, names []string) int {
	n := 0
	for _, name := range names {
		tick("L")
		mu.Lock()
		defer mu.Unlock() // want: safe
		fmt.Println("locked for", name)
		n++
	}
	return n
}

func main() {
	defer func() { fmt.Println("recovered:", recover()) }()
	fmt.Println(run(&PanicLock{name: "mu"}, []string{"a", "b", "c"}))
}
