package main

import (
	"errors"
	"fmt"
)

// journal applies batches; a batch's Rollback undoes what its Commit applied, so a
// Rollback deferred after the Commit would undo committed work.
type journal struct{ applied []string }

type batch struct {
	j       *journal
	pending []string
	done    int
}

func (j *journal) Begin() (*batch, error) { return &batch{j: j}, nil }

func (b *batch) Add(entry string) { b.pending = append(b.pending, entry) }

func (b *batch) Commit() error {
	b.j.applied = append(b.j.applied, b.pending...)
	b.done, b.pending = len(b.pending), nil
	return nil
}

func (b *batch) Rollback() error {
	b.j.applied = b.j.applied[:len(b.j.applied)-b.done]
	b.done, b.pending = 0, nil
	return nil
}

func record(j *journal, entries ...string) error {
	b, err := j.Begin()
	if err != nil {
		return err
	}
	for _, e := range entries {
		if e == "" {
			return errors.New("empty entry")
		}
		b.Add(e)
	}
	return b.Commit()
}

func main() {
	j := &journal{}
	fmt.Println(record(j, "a", "b"))
	fmt.Println(record(j, "c", ""))
	fmt.Println("applied:", j.applied)
}
