package store

import "os"

func save(f *os.File, report func(*error)) {
	var err error
	report(&err)
	defer func() { err = f.Close() }()
}
