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
	name   string
	closed bool
	id     int // its entry in the ledger
}

// The ledger of every resource acquired, by value: what tick needs to see a pile-up. It
// never holds a *Res, which would make every resource outlive its loop body (acquire
// would keep what it returns in a package variable).
type entry struct {
	name    string
	loop    string
	round   int
	closed  bool
	tracked bool
}

var (
	bookMu   sync.Mutex
	open     int
	lastLoop string
	rounds   = map[string]int{}
	ledger   []entry
)

// tick marks the start of an iteration of the loop `id`: a resource acquired in an earlier
// iteration of the same loop that is still open has piled up.
func tick(id string) {
	bookMu.Lock()
	defer bookMu.Unlock()
	rounds[id]++
	lastLoop = id
	for i := range ledger {
		e := &ledger[i]
		if e.tracked && !e.closed && e.loop == id && e.round < rounds[id] {
			fmt.Printf("#LEAK %s: %s still open\n", id, e.name)
			e.tracked = false
		}
	}
}

func acquire(name string) *Res {
	bookMu.Lock()
	defer bookMu.Unlock()
	open++
	ledger = append(ledger, entry{name: name, loop: lastLoop, round: rounds[lastLoop],
		tracked: true})
	return &Res{name: name, id: len(ledger) - 1}
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
	ledger[r.id].closed = true
	open--
	fmt.Println("close", r.name)
	return nil
}

// Handle is a resource with value-receiver methods that share their state.
type Handle struct{ r *Res }

func openHandle(name string) Handle { return Handle{acquire(name)} }
func (h Handle) Use(what ...any)    { h.r.Use(what...) }
func (h Handle) Close() error       { return h.r.Close() }

// Lock is a sync.Mutex with a name: its Lock and Unlock are sync's own (promoted), so that
// deferfix sees a sync lock by type. A case whose original takes it twice uses PanicLock.
type Lock struct {
	sync.Mutex
	name string
}

// Held says whether the lock is taken (by anyone), without blocking.
func (l *Lock) Held() bool {
	if l.TryLock() {
		l.Unlock()
		return false
	}
	return true
}

// PanicLock stands for a sync.Mutex that reports a deadlock instead of hanging (the runtime's
// own report does not come while net/http, which another case links, keeps a goroutine):
// a case that deadlocks uses it through a sync.Locker, so deferfix still sees a sync lock.
type PanicLock struct {
	name string
	held bool
}

func (l *PanicLock) Lock() {
	if l.held {
		fmt.Println("DEADLOCK", l.name)
		panic("deadlock on " + l.name)
	}
	l.held = true
}

func (l *PanicLock) Unlock() {
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
