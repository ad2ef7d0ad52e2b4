package m

import (
	"context"
	"time"
)

func ping(ctx context.Context, host string) error { return ctx.Err() }

// The fix in First moves the loop in Each down a line; go vet's lostcancel, which reports
// Each (whose fix is report-only) too, names the line of its cancel var, and the verification still matches the two.
func First(parent context.Context) error {
	ctx, cancel := context.WithTimeout(parent, time.Second)
	defer cancel()
	if err := ping(ctx, "a"); err != nil {
		return err
	}
	cancel()
	return nil
}

func Each(parent context.Context, hosts []string) int {
	var kept []context.Context
	for _, h := range hosts {
		ctx, cancel := context.WithTimeout(parent, time.Second)
		kept = append(kept, ctx)
		if ping(ctx, h) != nil {
			return len(kept)
		}
		cancel()
	}
	return len(kept)
}
