package store

import (
	"errors"
	"os"
)

func save(f *os.File, data []byte) error {
	_, err := f.Write(data)
	defer func() { err = errors.Join(err, f.Close()) }()
	return err
}
