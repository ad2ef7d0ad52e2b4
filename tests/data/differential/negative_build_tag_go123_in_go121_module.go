// differential: go=1.21 oracle=same
//go:build go1.23 && (amd64 || arm64 || 386 || riscv64 || ppc64le || s390x || arm || loong64)

package main

import "fmt"

func main() {
	for i := 0; i < 3; i++ {
		defer func() { fmt.Print(i, " ") }()
	}
}
