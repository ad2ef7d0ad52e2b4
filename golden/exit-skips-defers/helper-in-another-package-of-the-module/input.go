package main

import (
	"errors"
	"fmt"
	"os"

	"example.com/m/cli"
)

func main() {
	f, err := os.Create("out.txt")
	if err != nil {
		cli.Fatalf("create: %v", err) // before the defer: not a finding
	}
	defer f.Close()
	if len(os.Args) > 5 {
		cli.Check(errors.New("too many")) // exits only on an error: not a finding
	}
	cli.Warn("working")
	if _, err := fmt.Fprintln(f, "data"); err != nil {
		cli.Die(err) // f.Close never runs
	}
	cli.Fatalf("done") // f.Close never runs
}

// shadowed: cli is a local value here, its Fatalf a method that returns.
func shadowed() {
	defer fmt.Println("cleanup")
	cli := logger{}
	cli.Fatalf("not the package's")
}

type logger struct{}

func (logger) Fatalf(format string, args ...any) { fmt.Printf(format+"\n", args...) }
