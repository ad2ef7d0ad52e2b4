package main

import (
	"errors"
	"fmt"
	"os"
	"sync"
)

func trace(name string) func() {
	fmt.Println("enter", name)
	return func() { fmt.Println("exit", name) }
}

func both() (func(), error) { return func() {}, errors.New("x") }

func nothing() {}

// handler returns an interface; a func may be stored in it, but it is not a func type.
func handler() any { return func() {} }

type closer interface{ Close() error }

func open() closer { return os.Stdin }

func main() {
	var mu sync.Mutex
	var wg sync.WaitGroup
	wg.Add(1)
	mu.Lock()
	defer mu.Unlock()
	defer wg.Done()
	defer trace("main")() // already the idiom
	defer both()          // two results: not a finding
	defer nothing()
	defer handler()
	defer open()
	defer close(make(chan int))
	defer os.Remove("does-not-exist")
	defer func() { fmt.Println("literal") }()
	fmt.Println("main")
}
