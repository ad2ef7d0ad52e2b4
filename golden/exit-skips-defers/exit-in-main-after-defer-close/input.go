package main

import (
	"bufio"
	"fmt"
	"os"
)

func main() {
	f, err := os.Create("out.txt")
	if err != nil {
		fmt.Println(err)
		os.Exit(1) // before any defer: not a finding
	}
	defer f.Close()
	w := bufio.NewWriter(f)
	defer w.Flush()
	defer fmt.Println("cleanup done") // never printed
	fmt.Fprintln(w, "data")
	fmt.Println("exiting")
	os.Exit(0) // f.Close, w.Flush and the print never run
}
