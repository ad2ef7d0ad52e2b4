package m

import (
	"context"
	"time"
)

func login(ctx context.Context) error {
	return ctx.Err()
}

// Session hands its context to the caller on success: cancelling it when Session
// returns would give the caller a dead context.
func Session(parent context.Context) (context.Context, error) {
	ctx, cancel := context.WithTimeout(parent, time.Minute)
	defer cancel()
	if err := login(ctx); err != nil {
		cancel()
		return nil, err
	}
	return ctx, nil
}
