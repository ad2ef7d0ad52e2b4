package main

import (
	"errors"
	"fmt"
)

type file struct{ name string }

func (f *file) Write(p []byte) (int, error) { return len(p), nil }
func (f *file) Close() error                { return errors.New("close " + f.name + ": disk full") }

func save(f *file, data []byte) (err error) {
	defer func() {
		err = f.Close()
	}()
	_, err = f.Write(data)
	return err
}

func main() {
	fmt.Println("save:", save(&file{name: "a.txt"}, []byte("hello")))
}
