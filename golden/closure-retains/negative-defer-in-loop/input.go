package main

import "fmt"

func main() {
	for _, word := range []string{"ab", "c"} {
		defer func(w string) { fmt.Println(len(w)) }(word)
	}
}
