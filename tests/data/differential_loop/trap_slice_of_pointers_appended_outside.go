package main

import "fmt"

func run(names []string) []*Res {
	var all []*Res
	for _, name := range names {
		tick("L")
		r := acquire(name)
		defer r.Close() // want: none
		batch := []*Res{r}
		all = append(all, batch...)
	}
	for _, r := range all {
		r.Use("later")
	}
	return all
}

func main() {
	fmt.Println(len(run([]string{"a", "b"})))
}
