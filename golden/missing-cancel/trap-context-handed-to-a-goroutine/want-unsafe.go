package m

import (
	"context"
	"fmt"
	"time"
)

// Start runs the worker on a context of its own; the worker outlives Start, and a
// deferred cancel would stop it as soon as Start returns.
func Start(parent context.Context, jobs <-chan int) {
	ctx, cancel := context.WithTimeout(parent, time.Hour)
	defer cancel()
	if jobs == nil {
		cancel()
		return
	}
	go func() {
		for {
			select {
			case <-ctx.Done():
				return
			case j := <-jobs:
				fmt.Println(j)
			}
		}
	}()
}
