package main

import (
	"fmt"
	"sort"
	"sync"
	"testing"
)

type point struct{ x, y int }

func (p *point) flip() { p.x, p.y = p.y, p.x }

// Each parallel subtest changes the table entry all of them share in Go 1.21
// (tc.p.flip()): the closure writes the shared variable, so the copy tc := tc is unsafe.
func TestFlip(t *testing.T) {
	tests := []struct {
		name string
		p    point
	}{{"a", point{1, 2}}, {"b", point{3, 4}}}
	var (
		mu  sync.Mutex
		got []string
	)
	t.Run("all", func(t *testing.T) {
		for _, tc := range tests {
			t.Run(tc.name, func(t *testing.T) { // want: unsafe
				t.Parallel()
				tc.p.flip()
				mu.Lock()
				got = append(got, fmt.Sprint(tc.name, tc.p))
				mu.Unlock()
			})
		}
	})
	sort.Strings(got)
	fmt.Println(got)
}

func main() {
	testing.Main(func(pat, str string) (bool, error) { return true, nil },
		[]testing.InternalTest{{Name: "TestFlip", F: TestFlip}}, nil, nil)
}
