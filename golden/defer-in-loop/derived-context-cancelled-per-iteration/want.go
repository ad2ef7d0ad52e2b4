package main

import (
	"context"
	"fmt"
	"time"
)

// Each iteration derives a context from ctx and defers its cancel: the cancels pile up until
// waitAll returns, holding every timer. Calling cancel() is not acting on something ctx
// names (a path, a descriptor): cancelling the child leaves ctx alone, and the code after the
// loop may use ctx freely. Safe.
func waitAll(ctx context.Context, names []string) int {
	done := 0
	for _, name := range names {
		func() {
			hctx, hcancel := context.WithTimeout(ctx, time.Second)
			defer hcancel()
			select {
			case <-hctx.Done():
				fmt.Println("timed out:", name)
			default:
				done++
			}
		}()
	}
	fmt.Println("parent still live:", ctx.Err() == nil)
	return done
}

func main() {
	fmt.Println(waitAll(context.Background(), []string{"a", "b"}))
}
