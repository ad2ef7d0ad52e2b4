package m

import (
	"context"
	"time"
)

func ping(ctx context.Context) error {
	return ctx.Err()
}

func Ping(parent context.Context) error {
	ctx, _ := context.WithTimeout(parent, time.Second)
	return ping(ctx)
}
