// Package cli holds the command's helpers: Fatalf and Die end every path in os.Exit.
package cli

import (
	"fmt"
	"os"
)

// Fatalf prints the message and exits.
func Fatalf(format string, args ...any) {
	fmt.Fprintf(os.Stderr, format+"\n", args...)
	os.Exit(1)
}

// Die exits through Fatalf.
func Die(err error) {
	Fatalf("error: %v", err)
}

// Check exits only when err is not nil: not an exit helper.
func Check(err error) {
	if err != nil {
		Fatalf("error: %v", err)
	}
}

// Warn prints and returns.
func Warn(msg string) {
	fmt.Fprintln(os.Stderr, msg)
}

// fatal is unexported: no other package can call it.
func fatal() {
	os.Exit(3)
}
