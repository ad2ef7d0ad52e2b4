package store

import (
	"errors"
	"io"
)

func open(name string) (*io.PipeWriter, error) {
	if name == "" {
		return nil, errors.New("no name")
	}
	_, w := io.Pipe()
	return w, nil
}

func write(name string) error {
	w, err := open(name)
	if err != nil {
		return err
	}
	defer w.CloseWithError(errors.New("done"))
	_, err = w.Write([]byte("x"))
	return err
}
