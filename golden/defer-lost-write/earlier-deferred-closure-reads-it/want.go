package store

import (
	"log"
	"os"
)

func save(f *os.File, data []byte) {
	var err error
	defer func() { // registered first, runs last: it sees the Close error
		if err != nil {
			log.Print(err)
		}
	}()
	defer func() { err = f.Close() }()
	_, err = f.Write(data)
}
