package main

import (
	"fmt"
	stdlog "log"
	"os"
)

type fakeOS struct{}

func (fakeOS) Exit(int) {}

func die(msg string) {
	fmt.Println(msg)
	os.Exit(1)
}

func main() {
	defer fmt.Println("cleanup")
	if len(os.Args) > 5 {
		die("a helper: found only with go/types")
	}
	if len(os.Args) > 4 {
		os := fakeOS{}
		os.Exit(1) // a local named os: not a finding
	}
	if len(os.Args) > 3 {
		stdlog.Fatalf("renamed import of %q: found", "log")
	}
	os.Exit(0)
}
