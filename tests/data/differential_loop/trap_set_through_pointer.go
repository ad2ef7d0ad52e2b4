package main

import "fmt"

func pick(dst **Res, shared *Res, name string) {
	if name == "s" {
		*dst = shared
		return
	}
	*dst = acquire(name)
}

// r is set through its address, possibly to the shared resource.
func run(shared *Res, names []string) {
	for _, name := range names {
		tick("L")
		var r *Res
		pick(&r, shared, name)
		defer r.Close() // want: unsafe
		r.Use("picked")
		shared.Use("shared")
	}
}

func main() {
	run(acquire("shared"), []string{"s", "a"})
	fmt.Println("done")
}
