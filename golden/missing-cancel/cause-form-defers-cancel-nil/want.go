package m

import (
	"context"
	"errors"
)

var errStopped = errors.New("stopped")

func Watch(parent context.Context, events <-chan string) (string, error) {
	ctx, cancel := context.WithCancelCause(parent)
	defer cancel(nil)
	for e := range events {
		if e == "stop" {
			cancel(errStopped)
			err := context.Cause(ctx)
			return "", err
		}
		if e != "" {
			return e, nil
		}
	}
	return "", ctx.Err()
}
