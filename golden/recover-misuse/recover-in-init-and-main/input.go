package main

import "fmt"

func init() {
	recover()
}

func main() {
	defer fmt.Println("recovered:", recover()) // evaluated now, in main
	panic("boom")
}
