package main

import "fmt"

func run(names []string) (n int, err error) {
	defer func() {
		if p := recover(); p != nil {
			err = fmt.Errorf("recovered: %v (n=%d)", p, n)
		}
	}()
	for _, name := range names {
		tick("L")
		r := acquire(name)
		defer r.Close() // want: safe
		if name == "boom" {
			panic("boom at " + r.Name())
		}
		r.Use(n)
		n++
	}
	return n, nil
}

func main() {
	fmt.Println(run([]string{"a", "b"}))
	fmt.Println(run([]string{"a", "boom", "c"}))
}
