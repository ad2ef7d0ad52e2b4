package main

import (
	"fmt"
	"os"
)

// e is os.Open's error whatever its name (go/types: the second result is an error), so it
// holds nothing of fd: returning it is no reason to keep fd open past the iteration.
func sizes(names []string) (int64, error) {
	var total int64
	for _, name := range names {
		if err := func() error {
			fd, e := os.Open(name)
			if e != nil {
				return e
			}
			defer fd.Close()
			info, statErr := fd.Stat()
			if statErr != nil {
				return statErr
			}
			total += info.Size()
			return nil
		}(); err != nil {
			return 0, err
		}
	}
	return total, nil
}

func main() {
	fmt.Println(sizes(os.Args[1:]))
}
