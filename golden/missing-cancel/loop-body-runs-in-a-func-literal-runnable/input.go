package main

import (
	"context"
	"errors"
	"fmt"
	"time"
)

func ping(ctx context.Context, host string) error {
	if host == "down" {
		return errors.New(host + " is down")
	}
	return ctx.Err()
}

// pingAll cancels each context after a successful ping only: every failed host leaves a
// child context registered with the parent until pingAll's caller is long done.
func pingAll(parent context.Context, hosts []string) int {
	failed := 0
	for _, h := range hosts {
		ctx, cancel := context.WithTimeout(parent, time.Hour)
		if err := ping(ctx, h); err != nil {
			failed++
			continue
		}
		cancel()
	}
	return failed
}

func main() {
	live := 0
	parent := tracked{done: make(chan struct{}), live: &live}
	fmt.Println("failed:", pingAll(parent, []string{"a", "down", "b", "down"}))
	fmt.Println("child contexts still registered:", live)
}
