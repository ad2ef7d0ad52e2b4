package m

import (
	"context"
	"errors"
)

func Run(parent context.Context, steps []func(context.Context) error) error {
	ctx, cancel := context.WithCancel(parent)
	for _, step := range steps {
		if err := step(ctx); err != nil {
			cancel()
			return err
		}
	}
	switch {
	case ctx.Err() != nil:
		cancel()
		return errors.New("cancelled")
	default:
		cancel()
	}
	return nil
}

func Panics(parent context.Context) {
	_, cancel := context.WithCancel(parent)
	if parent == nil {
		panic("no parent")
	}
	cancel()
}
