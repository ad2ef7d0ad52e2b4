// The helpers every dbc_ case shares (the harness adds this file to its package).

package main

import (
	"errors"
	"fmt"
)

type body struct{ owner string }

func (b *body) Close() { fmt.Println("close body of", b.owner) }

type conn struct {
	name string
	Body *body
}

// Close dereferences c: on a nil *conn it panics.
func (c *conn) Close() { fmt.Println("close", c.name) }

func (c *conn) CloseWith(note string) { fmt.Println("close", c.name, note) }

func dial(name string) (*conn, error) {
	if name == "" {
		return nil, errors.New("no name")
	}
	return &conn{name: name, Body: &body{owner: name}}, nil
}

// try prints what f returns, or the panic that ended it.
func try(label string, f func(string) error) {
	for _, name := range []string{"db", ""} {
		func() {
			defer func() {
				if r := recover(); r != nil {
					fmt.Printf("%s(%q) panicked: %v\n", label, name, r)
				}
			}()
			fmt.Printf("%s(%q) returned %v\n", label, name, f(name))
		}()
	}
}
