package c

import (
	stdctx "context"
	"time"
)

func ping(ctx stdctx.Context) error { return ctx.Err() }

func A(p stdctx.Context) error {
	var ctx, cancel = stdctx.WithTimeout(p, time.Second) // one second
	defer cancel()
	if err := ping(ctx); err != nil {
		return err
	}
	cancel()
	return nil
}

func B[T any](p stdctx.Context, ch chan T) error {
	select {
	case <-ch:
		ctx, cancel := stdctx.WithCancel(p)
		defer cancel()
		if ping(ctx) != nil {
			return nil
		}
		cancel()
	}
	return nil
}
