package store

import "os"

func write(f *os.File, err error) error {
	defer func() { err = f.Close() }()
	return err
}

func count(f *os.File) int {
	n := 0
	defer func() { n++ }()
	return n
}
