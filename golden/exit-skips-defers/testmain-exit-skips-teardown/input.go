package main

import (
	"fmt"
	"os"
	"testing"
)

func setup()    { fmt.Println("setup") }
func teardown() { fmt.Println("teardown") }

func TestMain(m *testing.M) {
	setup()
	defer teardown()
	os.Exit(m.Run())
}

func main() {}
