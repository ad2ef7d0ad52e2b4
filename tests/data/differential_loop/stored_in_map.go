package main



func run(names []string) map[string]*Res {
	byName := map[string]*Res{}
	for _, name := range names {
		tick("L")
		r := acquire(name)
		defer r.Close() // want: none
		byName[name] = r
	}
	for _, name := range names {
		byName[name].Use("after")
	}
	return byName
}

func main() {
	run([]string{"a", "b"})
}
