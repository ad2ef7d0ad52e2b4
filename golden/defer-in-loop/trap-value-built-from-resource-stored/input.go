package main

import (
	"bufio"
	"fmt"
	"strings"
)

// What the loop keeps is built from the resource (a reader over it, one of its fields):
// whether that holds the resource is more than the analysis can tell, so the fix is only
// offered as unsafe. Here the readers are read after the loop, and the unsafe fix would
// break them; the safe run leaves the code alone.

type source struct {
	name   string
	text   *strings.Reader
	closed bool
}

var open int

func acquire(name string) *source {
	open++
	return &source{name: name, text: strings.NewReader(name + "-data\n")}
}

func (s *source) Read(p []byte) (int, error) {
	if s.closed {
		return 0, fmt.Errorf("read %s after close", s.name)
	}
	return s.text.Read(p)
}

func (s *source) Close() error {
	open--
	s.closed = true
	return nil
}

func readers(names []string) []*bufio.Reader {
	var all []*bufio.Reader
	for _, name := range names {
		s := acquire(name)
		defer s.Close()
		all = append(all, bufio.NewReader(s))
	}
	for _, r := range all {
		line, err := r.ReadString('\n')
		fmt.Printf("read %q, err %v\n", line, err)
	}
	return all
}

func main() {
	readers([]string{"a", "b"})
	fmt.Printf("at exit: %d open\n", open)
}
