package main

import "fmt"

func handle(payload string) {
	defer func(n int) { fmt.Println("handled", n, "bytes") }(len(payload))
	fmt.Println(payload[:2])
}

func main() {
	handle("hello")
}
