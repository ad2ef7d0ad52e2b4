package store

import (
	"log"
	"os"
)

func save(f *os.File, data []byte) error {
	var err error
	defer func() {
		err = f.Close()
		if err != nil {
			log.Print(err)
		}
	}()
	_, err = f.Write(data)
	return err
}

func retries(f *os.File) {
	tries := 0
	defer func() {
		for i := 0; i < 3; i++ {
			if tries > 2 {
				return
			}
			tries++
		}
	}()
}
