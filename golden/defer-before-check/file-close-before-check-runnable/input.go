package main

import (
	"errors"
	"fmt"
)

type conn struct{ name string }

func (c *conn) Close() { fmt.Println("closing", c.name) }

func dial(name string) (*conn, error) {
	if name == "" {
		return nil, errors.New("no name")
	}
	return &conn{name: name}, nil
}

func use(name string) (err error) {
	defer func() {
		if r := recover(); r != nil {
			err = fmt.Errorf("panic: %v", r)
		}
	}()
	c, err := dial(name)
	defer c.Close()
	if err != nil {
		return err
	}
	fmt.Println("using", c.name)
	return nil
}

func main() {
	fmt.Println(use("db"))
	fmt.Println(use(""))
}
