package main

import "fmt"

var verbose = false

// restore undoes a setting.
type restore func()

func setVerbose(v bool) restore {
	old := verbose
	verbose = v
	return func() { verbose = old }
}

func quiet() {
	// Meant: verbose on for this function, restored at exit. As written, setVerbose runs
	// at exit and the restore func is dropped: verbose stays true for good.
	defer setVerbose(true)()
	fmt.Println("in quiet, verbose =", verbose)
}

func main() {
	quiet()
	fmt.Println("after quiet, verbose =", verbose)
}
