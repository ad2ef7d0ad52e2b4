package store

import "os"

func write(f *os.File, data []byte) (int, error) {
	var err error
	defer func() { err = f.Close() }()
	n, err := f.Write(data)
	return n, err
}
