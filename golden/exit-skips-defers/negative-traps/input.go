package main

import (
	"fmt"
	"os"
	"runtime"
	"testing"
)

type fakeLog struct{}

func (fakeLog) Fatal(v ...any) { fmt.Println("fake fatal", v) }

type exiter struct{}

func (exiter) Exit(code int) { fmt.Println("fake exit", code) }

// Exit is the package's own function, not os.Exit.
func Exit(code int) { fmt.Println("Exit", code) }

func shadowed() {
	defer fmt.Println("shadowed: cleanup")
	log := fakeLog{} // a local named log, of another type
	log.Fatal("not the standard library's")
	os := exiter{} // a local named os
	os.Exit(1)
}

func ownExit() {
	defer fmt.Println("ownExit: cleanup")
	Exit(1)
}

func inClosure() {
	func() {
		defer fmt.Println("closure: cleanup") // runs when the literal returns
	}()
	if len(os.Args) > 5 {
		os.Exit(1) // no defer of this function precedes it
	}
}

func branchReturns() {
	if len(os.Args) > 3 {
		defer fmt.Println("branch: cleanup")
		return
	}
	os.Exit(0) // the defer above is never registered on a path that gets here
}

func exitFirst() {
	if len(os.Args) > 5 {
		os.Exit(1)
	}
	defer fmt.Println("exitFirst: cleanup")
}

func goexit() {
	defer fmt.Println("goexit: cleanup")
	runtime.Goexit() // runs the deferred calls
}

func TestFatal(t *testing.T) {
	defer fmt.Println("test: cleanup")
	t.Fatal("t.Fatal runs the deferred calls")
	t.FailNow()
	t.SkipNow()
}

func main() {
	shadowed()
	ownExit()
	inClosure()
	exitFirst()
	branchReturns()
}
