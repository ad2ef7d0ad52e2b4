package main

import "fmt"

type RW struct {
	name    string
	readers int
}

func (l *RW) RLock()   { l.readers++ }
func (l *RW) RUnlock() { l.readers-- }

var table = map[string]int{"a": 1, "b": 2}

func lookup(mu *RW, keys []string) int {
	sum := 0
	for _, k := range keys {
		tick("L")
		mu.RLock()
		defer mu.RUnlock() // want: unsafe
		sum += table[k]
	}
	if mu.readers == 0 {
		fmt.Println("UNGUARDED READ of table")
	}
	fmt.Println("table has", len(table))
	return sum
}

func main() {
	fmt.Println(lookup(&RW{name: "rw"}, []string{"a", "b"}))
}
