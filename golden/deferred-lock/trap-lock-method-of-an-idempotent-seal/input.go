package main

import "fmt"

// Seal has Lock and Unlock methods, but it is no mutex: Lock seals for good (taking it
// again is harmless), Unlock reopens. go/types says seal.Lock is (*Seal).Lock, not a sync
// lock's, so `defer seal.Unlock()` is no safe fix: it would reopen what the author sealed.
type Seal struct{ sealed bool }

func (s *Seal) Lock()   { s.sealed = true }
func (s *Seal) Unlock() { s.sealed = false }

func finish(seal *Seal) {
	seal.Lock()
	defer seal.Lock()
	fmt.Println("finishing, sealed:", seal.sealed)
}

func main() {
	var seal Seal
	finish(&seal)
	fmt.Println("after, sealed:", seal.sealed)
}
