package m

import (
	"context"
	"time"
)

func Ping(parent context.Context, ping func(context.Context) error) error {
	ctx, cancel := context.WithTimeout(parent, time.Second)
	if err := ping(ctx); err != nil {
		return err
	}
	cancel()
	return nil
}
