package main

import (
	"fmt"
	"os"
)

func first(names []string) string {
	for _, name := range names {
		r := acquire(name)
		defer r.Close()
		switch {
		case name == "a":
			return "a"
		default:
			r.Use("default")
			return name
		}
	}
	return ""
}

func exitOrReturn(names []string) {
	for _, name := range names {
		r := acquire(name)
		defer r.Close()
		r.Use("once")
		if name == "never" {
			os.Exit(3)
		}
		goto out
	}
out:
	fmt.Println("out")
}

func panics(names []string) {
	defer func() { fmt.Println("recovered", recover()) }()
	for _, name := range names {
		r := acquire(name)
		defer r.Close()
		r.Use("then panic")
		panic("stop")
	}
}

func main() {
	fmt.Println(first([]string{"a", "b"}))
	fmt.Println(first([]string{"b", "a"}))
	exitOrReturn([]string{"x", "y"})
	panics([]string{"p", "q"})
	fmt.Println(leavesBoth([][]string{{"a", "b"}, {"c"}}))
}

func leavesBoth(groups [][]string) int {
	n := 0
outer:
	for _, g := range groups {
		for _, name := range g {
			r := acquire(name)
			defer r.Close()
			r.Use("only the first")
			n++
			break outer
		}
	}
	return n
}
