package m

import (
	"context"
	"time"
)

type Server struct{ stop context.CancelFunc }

func WithLimit(parent context.Context) (context.Context, context.CancelFunc) {
	ctx, cancel := context.WithTimeout(parent, time.Second)
	return ctx, cancel
}

func (s *Server) Start(parent context.Context, serve func(context.Context)) {
	ctx, cancel := context.WithCancel(parent)
	s.stop = cancel
	go serve(ctx)
}

func Later(parent context.Context, done <-chan struct{}) context.Context {
	ctx, cancel := context.WithCancel(parent)
	go func() {
		<-done
		cancel()
	}()
	return ctx
}
