package m

import (
	"context"
	"errors"
	"time"
)

func get(ctx context.Context) (string, error) {
	return "v", ctx.Err()
}

func Fetch(parent context.Context) (string, error) {
	ctx, stop := context.WithTimeoutCause(parent, time.Second, errors.New("fetch took too long"))
	defer stop()
	v, err := get(ctx)
	if err != nil {
		return "", err
	}
	stop()
	return v, nil
}
