package store

import "os"

func read(name string) error {
	f, err := os.Open(name)
	defer f.Close()
	if err != nil {
		return err
	} else {
		println("opened")
	}
	return nil
}
