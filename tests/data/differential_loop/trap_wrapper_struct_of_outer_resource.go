package main

import "fmt"

type Session struct{ r *Res }

func (s *Session) Close() error { return s.r.Close() }

type Conn = *Res

// The session wraps the shared connection: closing it per iteration breaks the next one.
func run(shared *Res, names []string) {
	for _, name := range names {
		tick("L")
		s := &Session{r: Conn(shared)}
		defer s.Close() // want: unsafe
		s.r.Use(name)
	}
}

func main() {
	run(acquire("shared"), []string{"a", "b"})
	fmt.Println("done")
}
