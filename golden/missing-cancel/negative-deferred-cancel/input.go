package m

import (
	"context"
	"time"
)

func Ping(parent context.Context, ping func(context.Context) error) error {
	ctx, cancel := context.WithTimeout(parent, time.Second)
	defer cancel()
	return ping(ctx)
}

func PingAll(parent context.Context, hosts []string, ping func(context.Context, string) error) {
	for _, h := range hosts {
		func() {
			ctx, cancel := context.WithTimeout(parent, time.Second)
			defer cancel()
			_ = ping(ctx, h)
		}()
	}
}

// A defer in the loop body piles up (defer-in-loop's finding), but it does call cancel.
func PingEach(parent context.Context, hosts []string, ping func(context.Context, string) error) {
	for _, h := range hosts {
		ctx, cancel := context.WithTimeout(parent, time.Second)
		defer cancel()
		if ping(ctx, h) != nil {
			return
		}
	}
}
