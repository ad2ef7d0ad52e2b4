package store

import "os"

func read(kind, name string) error {
	switch kind {
	case "file":
		f, err := os.Open(name)
		defer f.Close()
		if err != nil {
			return err
		}
		println(f.Name())
	}
	return nil
}
