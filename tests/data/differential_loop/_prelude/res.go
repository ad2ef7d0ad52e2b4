package main

// The instrumented resources of the defer-in-loop differential corpus (added to every case).
// Lines starting with "close " or "#" are bookkeeping that the oracle leaves out of the
// comparison; every other line must be the same before and after the safe fixes.

import (
	"errors"
	"fmt"
	"sync"
)

// Res is a file, a row set or a response body.
type Res struct {
	name    string
	closed  bool
	loop    string
	round   int
	tracked bool
}

var (
	bookMu   sync.Mutex
	open     int
	lastLoop string
	rounds   = map[string]int{}
	live     []*Res
)

// tick marks the start of an iteration of the loop `id`: a resource acquired in an earlier
// iteration of the same loop that is still open has piled up.
func tick(id string) {
	bookMu.Lock()
	defer bookMu.Unlock()
	rounds[id]++
	lastLoop = id
	for _, r := range live {
		if r.tracked && !r.closed && r.loop == id && r.round < rounds[id] {
			fmt.Printf("#LEAK %s: %s still open\n", id, r.name)
			r.tracked = false
		}
	}
}

func acquire(name string) *Res {
	bookMu.Lock()
	defer bookMu.Unlock()
	open++
	r := &Res{name: name, loop: lastLoop, round: rounds[lastLoop], tracked: true}
	live = append(live, r)
	return r
}

func acquireErr(name string) (*Res, error) {
	if name == "" || name == "bad" {
		return nil, errors.New("cannot open " + fmt.Sprintf("%q", name))
	}
	return acquire(name), nil
}

// Use prints a line: the oracle compares them; a use after Close is the worst outcome.
func (r *Res) Use(what ...any) {
	if r.closed {
		fmt.Println("USE AFTER CLOSE", r.name)
	}
	fmt.Println(append([]any{"use", r.name}, what...)...)
}

func (r *Res) Name() string { return r.name }

func (r *Res) Close() error {
	bookMu.Lock()
	defer bookMu.Unlock()
	if r.closed {
		fmt.Println("DOUBLE CLOSE", r.name)
		return errors.New("already closed")
	}
	r.closed = true
	open--
	fmt.Println("close", r.name)
	return nil
}

// Handle is a resource with value-receiver methods that share their state.
type Handle struct{ r *Res }

func openHandle(name string) Handle { return Handle{acquire(name)} }
func (h Handle) Use(what ...any)    { h.r.Use(what...) }
func (h Handle) Close() error       { return h.r.Close() }

// Lock stands for a sync.Mutex that reports a deadlock instead of hanging.
type Lock struct {
	name string
	held bool
}

func (l *Lock) Lock() {
	if l.held {
		fmt.Println("DEADLOCK", l.name)
		panic("deadlock on " + l.name)
	}
	l.held = true
}

func (l *Lock) Unlock() {
	if !l.held {
		fmt.Println("UNLOCK OF UNLOCKED", l.name)
		panic("unlock of unlocked " + l.name)
	}
	l.held = false
}

func openCount() int {
	bookMu.Lock()
	defer bookMu.Unlock()
	return open
}
