package store

import "os"

func write(f *os.File, data []byte) (_ int, err error) {
	defer func() { err = f.Close() }()
	n, err := f.Write(data)
	return n, err
}
