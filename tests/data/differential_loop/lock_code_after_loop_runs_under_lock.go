package main

import "fmt"

type Guarded struct {
	mu    Lock
	items []string
}

func (g *Guarded) read(where string) {
	if !g.mu.Held() {
		fmt.Println("UNGUARDED READ at", where)
	}
	fmt.Println(where, g.items)
}

// With one element (the only way the original does not deadlock) the original holds g.mu
// over the code after the loop; released per iteration, that code runs without it.
func (g *Guarded) addAll(names []string) {
	for _, name := range names {
		tick("L")
		g.mu.Lock()
		defer g.mu.Unlock() // want: unsafe
		g.items = append(g.items, name)
	}
	g.read("after the loop")
}

func main() {
	g := &Guarded{mu: Lock{name: "g"}}
	g.addAll([]string{"a"})
	g.addAll(nil)
}
