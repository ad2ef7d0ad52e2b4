package main

import "fmt"

// A recovering call registered between two loops: when the second loop panics, the original
// still holds every resource of the first loop while recovering (they close after it);
// after the fix they are closed already. The panic value and the results are the same; only
// how much is still open differs (the "#" line: the defect itself).
func run(first, second []string) (done int, err error) {
	for _, name := range first {
		tick("first")
		r := acquire(name)
		defer r.Close() // want: safe
		r.Use("first")
		done++
	}
	defer func() {
		if p := recover(); p != nil {
			fmt.Println("#open when recovering:", openCount())
			err = fmt.Errorf("recovered %v after %d", p, done)
		}
	}()
	for _, name := range second {
		tick("second")
		r := acquire(name)
		defer r.Close() // want: safe
		r.Use("second")
		if name == "boom" {
			panic("boom")
		}
		done++
	}
	return done, nil
}

func main() {
	fmt.Println(run([]string{"a", "b"}, []string{"c", "boom", "d"}))
	fmt.Println(run([]string{"a"}, nil))
}
