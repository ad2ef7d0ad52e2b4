package main

import (
	"fmt"
	"strings"
	"sync"
)

type log struct {
	mu  sync.Mutex
	buf strings.Builder
}

// l.buf.WriteString is (*strings.Builder).WriteString, one concrete method of another
// package that is not handed the lock: it cannot release l.mu (go/types says so; without
// types it might be a func field or an interface method). The original deadlocks on the
// second add.
func (l *log) add(s string) {
	l.mu.Lock()
	defer l.mu.Unlock()
	l.buf.WriteString(s)
}

func main() {
	var l log
	l.add("a")
	l.add("b")
	fmt.Println(l.buf.String())
}
