package main

import (
	"errors"
	"fmt"
)

// resource stands for a file, a row set or a response body: it counts how many are open.
type resource struct {
	name   string
	closed bool
}

var open int

func acquire(name string) (*resource, error) {
	if name == "" {
		return nil, errors.New("empty name")
	}
	open++
	return &resource{name: name}, nil
}

func (r *resource) Close() error {
	open--
	r.closed = true
	fmt.Printf("  close %s\n", r.name)
	return nil
}

type reader struct{ r *resource }

// The resource is wrapped and returned from inside the loop: the caller still uses it.
func pick(names []string, want string) (*reader, error) {
	for _, name := range names {
		r, err := acquire(name)
		if err != nil {
			return nil, err
		}
		defer r.Close()
		w := &reader{r: r}
		if name == want {
			return w, nil
		}
	}
	return nil, errors.New("not found")
}

func main() {
	w, err := pick([]string{"a", "b"}, "b")
	fmt.Println(w != nil, err)
}
