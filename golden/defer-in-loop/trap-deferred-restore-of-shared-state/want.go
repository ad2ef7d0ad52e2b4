package main

import "fmt"

// The cobra pattern: hide some flags for the rest of the function, put them back on
// return. The deferred assignments release nothing; run per iteration, they would undo
// the state before the code after the loop reads it.

type flag struct {
	name   string
	hidden bool
}

type flagSet struct{ flags []*flag }

func (s *flagSet) lookup(name string) *flag {
	for _, f := range s.flags {
		if f.name == name {
			return f
		}
	}
	return nil
}

func (s *flagSet) usage() string {
	out := ""
	for _, f := range s.flags {
		if !f.hidden {
			out += " --" + f.name
		}
	}
	return out
}

var root = &flagSet{flags: []*flag{{name: "verbose"}, {name: "debug"}, {name: "trace"}}}

func usageWithout(names ...string) string {
	for _, name := range names {
		f := root.lookup(name)
		f.hidden = true
		defer func() { f.hidden = false }()
	}
	return root.usage()
}

func countWithout(names ...string) int {
	hiddenCount := 0
	for _, name := range names {
		f := root.lookup(name)
		old := f.hidden
		f.hidden = true
		hiddenCount++
		defer func() {
			f.hidden = old
			hiddenCount--
		}()
	}
	return hiddenCount
}

func main() {
	fmt.Println("usage:" + usageWithout("debug", "trace"))
	fmt.Println("usage:" + root.usage())
	fmt.Println("hidden:", countWithout("verbose"))
}
