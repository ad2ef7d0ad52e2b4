package store

import (
	"log"
	"os"
)

func read(name string) error {
	f, err := os.Open(name)
	defer f.Close()
	log.Printf("opened %v", f)
	if err != nil {
		return err
	}
	return nil
}
