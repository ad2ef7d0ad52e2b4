package main

import (
	"fmt"
	"sort"
	"sync"
	"testing"
)

func TestLoop(t *testing.T) {
	var (
		mu  sync.Mutex
		got []string
	)
	t.Run("group", func(t *testing.T) {
		for i, name := range []string{"a", "b", "c"} {
			t.Run(name, func(t *testing.T) { // want: safe
				t.Parallel()
				mu.Lock()
				got = append(got, fmt.Sprint(name, i))
				mu.Unlock()
			})
		}
	})
	sort.Strings(got)
	fmt.Println(got)
}

func main() {
	testing.Main(func(pat, str string) (bool, error) { return true, nil },
		[]testing.InternalTest{{Name: "TestLoop", F: TestLoop}}, nil, nil)
}
