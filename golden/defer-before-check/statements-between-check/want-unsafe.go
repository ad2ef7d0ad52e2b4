package store

import (
	"log"
	"os"
)

func read(name string) error {
	f, err := os.Open(name)
	log.Printf("opened %s", name)
	if err != nil {
		return err
	}
	defer f.Close()
	return nil
}
