package store

import "os"

func save(f *os.File) error {
	var err error
	func() {
		defer func() { err = f.Close() }()
	}()
	return err
}
