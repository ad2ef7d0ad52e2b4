package m

import (
	"context"
	"time"

	"example.com/dep"
)

// Each iteration hands its context to another module's function, which may keep it
// (dep.Watch starts a goroutine on it): cancelling it at the end of the iteration would
// end what dep started.
func ServeAll(parent context.Context, ready []bool, report func(error)) {
	for _, r := range ready {
		func() {
			ctx, cancel := context.WithTimeout(parent, time.Minute)
			defer cancel()
			dep.Watch(ctx, report)
			if !r {
				return
			}
			cancel()
		}()
	}
}
