package worker

import "sync"

type Worker struct{ mu sync.Mutex }

// slow is called with w.mu held; it releases the lock while it waits and takes it back.
func (w *Worker) slow(wait func()) {
	w.mu.Unlock()
	defer w.mu.Lock()
	wait()
}
