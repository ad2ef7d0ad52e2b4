package main

import "fmt"

type Session struct {
	r     *Res
	owner string
}

func (s *Session) Close() error { return s.r.Close() }

type Name string

func run(names []string) int {
	n := 0
	for _, name := range names {
		tick("L")
		s := &Session{r: acquire(name), owner: "loop"}
		defer s.Close() // want: safe
		s.r.Use("session of", s.owner, string(Name(name)))
		n++
	}
	return n
}

func main() {
	fmt.Println(run([]string{"a", "b"}))
}
