package main

import (
	"fmt"
	"sort"
	"sync"
	"testing"
)

func TestTable(t *testing.T) {
	tests := []struct {
		name string
		in   int
	}{{"one", 1}, {"two", 2}, {"three", 3}}
	var (
		mu  sync.Mutex
		got []string
	)
	t.Run("all", func(t *testing.T) {
		for _, tc := range tests {
			t.Run(tc.name, func(t *testing.T) { // want: safe
				t.Parallel()
				mu.Lock()
				got = append(got, fmt.Sprint(tc.name, "=", tc.in*tc.in))
				mu.Unlock()
			})
		}
	})
	sort.Strings(got)
	fmt.Println(got)
}

func main() {
	testing.Main(func(pat, str string) (bool, error) { return true, nil },
		[]testing.InternalTest{{Name: "TestTable", F: TestTable}}, nil, nil)
}
