package main



var last **Res

func run(names []string) {
	for _, name := range names {
		tick("L")
		r := acquire(name)
		defer r.Close() // want: none
		last = &r
		r.Use("work")
	}
	(*last).Use("after the loop")
}

func main() {
	run([]string{"a", "b"})
}
