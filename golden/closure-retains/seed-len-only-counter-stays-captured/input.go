package main

import "fmt"

func process() int {
	data := make([]byte, 64<<20)
	result := 0
	defer func() {
		fmt.Printf("processed %d bytes\n", len(data))
		result++
	}()
	for i := range data[:8] {
		result += i
	}
	return result
}

func main() {
	fmt.Println(process())
}
