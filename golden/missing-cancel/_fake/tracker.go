package main

import (
	"fmt"
	"time"
)

// tracked is a parent context that counts the child contexts registered with it: the
// context package registers a child through AfterFunc and calls the stop func it returns
// when the child is cancelled.
type tracked struct {
	done chan struct{}
	live *int
}

func (tracked) Deadline() (time.Time, bool) { return time.Time{}, false }
func (t tracked) Done() <-chan struct{}     { return t.done }
func (tracked) Err() error                  { return nil }
func (tracked) Value(any) any               { return nil }

func (t tracked) AfterFunc(func()) func() bool {
	*t.live++
	stopped := false
	return func() bool { // like context.AfterFunc's stop: only the first call stops it
		if stopped {
			return false
		}
		stopped = true
		*t.live--
		fmt.Println("child context released")
		return true
	}
}
