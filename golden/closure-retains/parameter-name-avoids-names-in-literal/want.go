package main

import "fmt"

func main() {
	n := "rows"
	rows := []string{"a", "b"}
	defer func(n2 int) {
		c := 2
		fmt.Println(n, n2, c)
	}(len(rows))
}
