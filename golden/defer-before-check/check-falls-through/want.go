package store

import (
	"log"
	"os"
)

func read(name string) {
	f, err := os.Open(name)
	defer f.Close()
	if err != nil {
		log.Print(err)
	}
}
