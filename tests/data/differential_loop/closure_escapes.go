package main



func run(names []string) []func() {
	var later []func()
	for _, name := range names {
		tick("L")
		r := acquire(name)
		defer r.Close() // want: unsafe
		later = append(later, func() { r.Use("later") })
		r.Use("now")
	}
	for _, f := range later {
		f()
	}
	return later
}

func main() {
	run([]string{"a", "b"})
}
