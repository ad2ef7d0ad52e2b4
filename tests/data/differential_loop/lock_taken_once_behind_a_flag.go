package main

import "fmt"

type Recorder struct {
	mu      Lock
	metrics []string
}

func (r *Recorder) set(m string) {
	if !r.mu.Held() {
		fmt.Println("UNGUARDED WRITE of", m)
	}
	r.metrics = append(r.metrics, m)
}

// The lock is taken once, behind a flag, and held for every later iteration on purpose (the
// grpc interop server's orcaMu): released per iteration, later iterations would run unlocked.
func stream(rec *Recorder, msgs []string) int {
	hasLock := false
	for _, m := range msgs {
		tick("L")
		if m == "" {
			return len(rec.metrics)
		}
		if !hasLock {
			rec.mu.Lock()
			defer rec.mu.Unlock() // want: none
			hasLock = true
		}
		rec.set(m)
	}
	return len(rec.metrics)
}

// Taken only under a condition that may hold once: holding it may be deliberate.
func conditional(rec *Recorder, msgs []string) {
	for i, m := range msgs {
		tick("M")
		if i == 0 {
			rec.mu.Lock()
			defer rec.mu.Unlock() // want: unsafe
		}
		rec.set(m)
	}
}

func main() {
	rec := &Recorder{mu: Lock{name: "rec"}}
	fmt.Println(stream(rec, []string{"a", "b", "c"}))
	conditional(rec, []string{"d", "e"})
}
