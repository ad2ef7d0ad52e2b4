// differential: oracle=file
package main

import (
	"fmt"
	"sync"
)

type account struct {
	mu      sync.Mutex
	balance int
}

func (a *account) deposit(n int) {
	a.mu.Lock()
	defer func() { a.mu.Lock() }() // want: safe
	a.balance += n
}

func main() {
	a := &account{}
	a.deposit(1)
	a.deposit(2)
	fmt.Println(a.balance)
}
