package store

import "os"

func save(names []string) error {
	if len(names) > 0 {
		f, err := os.Open(names[0])
		if err != nil {
			return err
		}
		defer func() { err = f.Close() }()
	}
	return nil
}
