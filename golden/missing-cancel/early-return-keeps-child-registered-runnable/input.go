package main

import (
	"context"
	"errors"
	"fmt"
	"time"
)

// lookup cancels its context only on the path that gets to the end: the early return
// leaves the child context registered with its parent (and its timer running).
func lookup(parent context.Context, key string) error {
	ctx, cancel := context.WithTimeout(parent, time.Hour)
	if key == "" {
		return errors.New("empty key")
	}
	err := ctx.Err()
	cancel()
	return err
}

func main() {
	live := 0
	parent := tracked{done: make(chan struct{}), live: &live}
	fmt.Println(lookup(parent, "a"))
	fmt.Println(lookup(parent, ""))
	fmt.Println("child contexts still registered:", live)
}
