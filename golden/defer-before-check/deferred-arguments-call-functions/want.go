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
	defer w.CloseWithError(errors.New("done"))
	if err != nil {
		return err
	}
	_, err = w.Write([]byte("x"))
	return err
}
