package main

import (
	"errors"
	"fmt"
	"strings"
)

type box struct{ n int }

func (b *box) grow() { b.n *= 2 }

func main() {
	for _, err := range []error{errors.New("x"), errors.New("y")} {
		defer func() { fmt.Print(err, " ") }() // want: safe
		_ = err.Error()
	}
	for _, b := range []*box{{1}, {2}} {
		defer func() { fmt.Print(b.n, " ") }() // want: safe
		b.grow()
	}
	for _, sb := range []*strings.Builder{{}, {}} {
		defer func() { fmt.Print(sb.Len(), " ") }() // want: safe
		sb.WriteString("abc")
	}
}
