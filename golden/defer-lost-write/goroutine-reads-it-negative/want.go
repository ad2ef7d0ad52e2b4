package store

import (
	"log"
	"os"
)

func save(f *os.File, done chan struct{}) {
	var err error
	go func() {
		<-done
		log.Print(err)
	}()
	defer func() { err = f.Close() }()
}
