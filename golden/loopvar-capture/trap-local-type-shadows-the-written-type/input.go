package main

import "fmt"

type item int

// A local type item shadows the package's at the closure: a parameter `v item` would have
// the local (interface) type, and v == 1 would compare an interface holding an item with an
// int. The copy form keeps v's type.
func main() {
	for _, v := range []item{1, 2} {
		type item = interface{}
		var boxed item = v
		defer func() { fmt.Print(v == 1, " ") }()
		_ = boxed
	}
}
