package main

import "fmt"

type Server struct{ c *Res }

func (s *Server) conn() *Res { return s.c }

// conn() hands out the server's one connection: closing it per iteration breaks the next.
func (s *Server) run(names []string) {
	for _, name := range names {
		tick("L")
		c := s.conn()
		defer c.Close() // want: none
		c.Use(name)
	}
}

func main() {
	s := &Server{c: acquire("shared")}
	s.run([]string{"a", "b"})
	fmt.Println("done")
}
