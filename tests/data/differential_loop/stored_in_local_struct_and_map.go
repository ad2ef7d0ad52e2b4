package main

import "fmt"

type pair struct{ in, out *Res }

func run(names []string) int {
	n := 0
	for _, name := range names {
		tick("L")
		p := pair{in: acquire(name + "-in"), out: acquire(name + "-out")}
		defer p.in.Close()  // want: safe
		defer p.out.Close() // want: safe
		byRole := map[string]*Res{"in": p.in}
		byRole["in"].Use("read")
		p.out.Use("write")
		n += len(byRole)
	}
	return n
}

func main() {
	fmt.Println(run([]string{"a", "b"}))
}
