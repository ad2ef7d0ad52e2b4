package main

import "fmt"

type MyErr struct{ msg string }

func (e *MyErr) Error() string { return e.msg }

func validate(name string) *MyErr {
	if name == "bad" {
		return &MyErr{"bad name"}
	}
	return nil
}

// The error result is an interface: returning a nil *MyErr gives a non-nil error.
func check(names []string) error {
	for _, name := range names {
		tick("L")
		r := acquire(name)
		defer r.Close() // want: safe
		e := validate(name)
		if name == "typed-nil" {
			return e
		}
		if e != nil {
			return e
		}
		r.Use("ok")
	}
	return nil
}

func main() {
	err := check([]string{"a", "bad"})
	fmt.Println(err, err == nil)
	err = check([]string{"a", "typed-nil"})
	fmt.Println(err == nil)
	err = check([]string{"a"})
	fmt.Println(err == nil)
}
