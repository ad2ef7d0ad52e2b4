package m

import (
	"context"
	"time"

	"example.com/dep"
)

// Serve hands its context to another module's function, which may keep it (dep.Watch
// starts a goroutine on it): cancelling it when Serve returns would end what dep started.
func Serve(parent context.Context, ready bool, report func(error)) error {
	ctx, cancel := context.WithTimeout(parent, time.Minute)
	defer cancel()
	dep.Watch(ctx, report)
	if !ready {
		return nil
	}
	cancel()
	return nil
}
