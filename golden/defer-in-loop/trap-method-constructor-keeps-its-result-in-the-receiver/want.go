package main

import "fmt"

// pool.get (pool.go) keeps what it returns in p.current, a field of its receiver, which
// the code after the loop reads: report-only.
func serve(p *pool, names []string) {
	for _, name := range names {
		r := p.get(name)
		defer r.Close()
		fmt.Printf("iteration %s: %d open\n", r.name, open)
	}
	fmt.Printf("current: %s (closed: %v)\n", p.current.name, p.current.closed)
}

func main() {
	serve(&pool{}, []string{"a", "b"})
}
