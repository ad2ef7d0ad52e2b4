package m

import (
	"context"
	"time"
)

func PingAll(parent context.Context, hosts []string, ping func(context.Context, string) error) int {
	failed := 0
	for _, h := range hosts {
		ctx, cancel := context.WithTimeout(parent, time.Second)
		if err := ping(ctx, h); err != nil {
			failed++
			continue
		}
		cancel()
	}
	return failed
}
