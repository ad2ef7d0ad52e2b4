// differential: go=1.21
package main

import "fmt"

func report(r *Res, p *int, s *string) {
	fmt.Println("report", r.Name(), *p, *s)
	r.Close()
}

// Before Go 1.22 every iteration shares i and name: the deferred calls read them through
// the pointers when the function returns (their last values); per iteration they would
// read each iteration's values.
func run(names []string) {
	for i := 0; i < len(names); i++ {
		tick("L")
		r := acquire(names[i])
		name := names[i]
		defer report(r, &i, &name) // want: unsafe
		r.Use(i)
	}
	for _, name := range names {
		tick("M")
		r := acquire(name + "2")
		defer report(r, new(int), &name) // want: unsafe
		r.Use(name)
	}
}

func main() {
	run([]string{"a", "b"})
}
