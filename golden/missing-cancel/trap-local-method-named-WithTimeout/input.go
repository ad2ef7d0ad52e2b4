package m

import (
	"context"
	"time"
)

type pool struct{ limit time.Duration }

// WithTimeout is the pool's, not the context package's: its func releases a slot.
func (p pool) WithTimeout(parent context.Context, d time.Duration) (context.Context, func()) {
	return parent, func() {}
}

func Use(p pool, parent context.Context, work func(context.Context) error) error {
	ctx, release := p.WithTimeout(parent, time.Second)
	if err := work(ctx); err != nil {
		return err
	}
	release()
	return nil
}
