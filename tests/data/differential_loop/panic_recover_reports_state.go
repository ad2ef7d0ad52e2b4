package main

import "fmt"

// The recover handler looks at how much is still open when the panic arrives: that is the
// defect itself (the original still holds every iteration's resource).
func run(names []string) (report string) {
	defer func() {
		if p := recover(); p != nil {
			report = fmt.Sprint("recovered ", p)
		}
	}()
	for i, name := range names {
		tick("L")
		r := acquire(name)
		defer r.Close() // want: safe
		r.Use(i)
		if i == 1 {
			panic(fmt.Sprint("at ", name))
		}
	}
	return "no panic"
}

func main() {
	fmt.Println(run([]string{"a"}))
	fmt.Println(run([]string{"a", "b", "c"}))
}
