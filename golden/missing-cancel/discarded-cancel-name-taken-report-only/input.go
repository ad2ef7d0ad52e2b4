package m

import (
	"context"
	"time"
)

func ping(ctx context.Context) error {
	return ctx.Err()
}

func Ping(parent context.Context, cancel func()) error {
	defer cancel()
	ctx, _ := context.WithTimeout(parent, time.Second)
	return ping(ctx)
}
