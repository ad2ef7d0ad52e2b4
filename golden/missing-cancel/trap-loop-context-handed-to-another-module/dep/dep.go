package dep

import "context"

// Watch keeps the context: a goroutine reports when it is done, long after Watch returns.
func Watch(ctx context.Context, report func(error)) {
	go func() {
		<-ctx.Done()
		report(ctx.Err())
	}()
}
