package main

import (
	"errors"
	"fmt"
)

// resource stands for a file, a row set or a response body: it counts how many are open.
type resource struct {
	name   string
	closed bool
}

var open int

func acquire(name string) (*resource, error) {
	if name == "" {
		return nil, errors.New("empty name")
	}
	open++
	return &resource{name: name}, nil
}

func (r *resource) Close() error {
	open--
	r.closed = true
	fmt.Printf("  close %s\n", r.name)
	return nil
}

type server struct{ c *resource }

func (s *server) conn() *resource { return s.c }

var db *resource

func getDB() *resource { return db }

// conn() and getDB() hand out one shared connection: a call's result is not always new.
// Closing it per iteration would break the next iteration.
func (s *server) serve(names []string) {
	for _, name := range names {
		c := s.conn()
		defer c.Close()
		fmt.Println("serve", name, "on", c.name, "closed:", c.closed)
	}
}

func query(names []string) {
	for _, name := range names {
		conn := getDB()
		defer conn.Close()
		fmt.Println("query", name, "on", conn.name, "closed:", conn.closed)
	}
}

func main() {
	c, _ := acquire("shared")
	(&server{c: c}).serve([]string{"a", "b"})
	db, _ = acquire("db")
	query([]string{"a", "b"})
}
