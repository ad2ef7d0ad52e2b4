package main

import (
	"fmt"
	"os"
)

// die prints msg and exits: every path ends in os.Exit.
func die(msg string) {
	fmt.Println(msg)
	fatal(2)
}

func fatal(code int) {
	if code == 0 {
		os.Exit(1)
	} else {
		os.Exit(code)
	}
}

// check exits only when err is not nil.
func check(err error) {
	if err != nil {
		die(err.Error())
	}
}
