// differential: oracle=same
package main

import "fmt"

func process(data []byte) (count int) {
	defer func() { // want: safe
		fmt.Printf("processed %d bytes\n", len(data))
		count++
	}()
	return len(data) / 2
}

func main() {
	fmt.Println(process(make([]byte, 10)))
}
