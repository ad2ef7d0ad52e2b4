package main

import "fmt"

func handle(payload string) {
	defer func() { fmt.Println("handled", len(payload), "bytes") }()
	fmt.Println(payload[:2])
}

func main() {
	handle("hello")
}
