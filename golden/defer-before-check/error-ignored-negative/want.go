package store

import "os"

func read(name string) {
	f, _ := os.Open(name)
	defer f.Close()
	if f == nil {
		return
	}
}
