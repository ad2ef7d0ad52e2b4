package store

import (
	"log"
	"os"
)

func save(f *os.File, data []byte) {
	var err error
	defer func() { err = f.Close() }()
	defer func() { // registered later, runs first: it never sees the Close error
		if err != nil {
			log.Print(err)
		}
	}()
	_, err = f.Write(data)
}
