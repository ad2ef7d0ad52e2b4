package main

import "fmt"

func run(mode string, names []string) string {
	out := ""
sw:
	switch mode {
	case "loop":
		for _, name := range names {
			tick("L")
			r := acquire(name)
			defer r.Close() // want: safe
			if name == "quit" {
				break sw
			}
			r.Use(mode)
			out += name
		}
		out += "|loop done"
	default:
		out = "no loop"
	}
	return out
}

func main() {
	fmt.Println(run("loop", []string{"a", "b"}))
	fmt.Println(run("loop", []string{"a", "quit", "b"}))
	fmt.Println(run("other", nil))
}
