package store

import "os"

func write(name string) error {
	f, err := os.Create(name)
	if err != nil {
		return err
	}
	var closed bool
	defer func() {
		if !closed {
			closed = true
			f.Close()
		}
	}()
	if _, err := f.WriteString("x"); err != nil {
		return err
	}
	closed = true
	return f.Close()
}
