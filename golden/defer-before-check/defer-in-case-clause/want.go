package store

import "os"

func read(kind, name string) error {
	switch kind {
	case "file":
		f, err := os.Open(name)
		if err != nil {
			return err
		}
		defer f.Close()
		println(f.Name())
	}
	return nil
}
