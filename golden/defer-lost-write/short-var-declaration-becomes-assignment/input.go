package store

import "os"

func write(name string, data []byte) error {
	f, err := os.Create(name)
	if err != nil {
		return err
	}
	defer func() { err = f.Close() }()
	_, err = f.Write(data)
	return err
}

func flush(f *os.File) error {
	err := f.Sync()
	defer func() { err = f.Close() }()
	return err
}
