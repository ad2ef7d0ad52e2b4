package m

import (
	"context"
	"time"
)

func ping(ctx context.Context) error {
	return ctx.Err()
}

func Ping(parent context.Context) error {
	ctx, cancel := context.WithTimeout(parent, time.Second)
	defer cancel()
	return ping(ctx)
}
