package store

import (
	"fmt"
	"os"
)

// Import's deferred closure wraps the inner err, which shadows the named result: the
// file name never reaches the caller (the shape of a bug found in go/internal/gcimporter).
func Import(path string) (data []byte, err error) {
	if path != "" {
		f, err := os.Open(path)
		if err != nil {
			return nil, err
		}
		defer func() {
			if err != nil {
				err = fmt.Errorf("%s: %v", path, err)
			}
		}()
		defer f.Close()
		data = make([]byte, 10)
		_, err = f.Read(data)
	}
	return data, err
}
