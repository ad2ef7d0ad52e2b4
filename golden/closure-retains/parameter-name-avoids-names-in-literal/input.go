package main

import "fmt"

func main() {
	n := "rows"
	rows := []string{"a", "b"}
	defer func() {
		c := 2
		fmt.Println(n, len(rows), c)
	}()
}
