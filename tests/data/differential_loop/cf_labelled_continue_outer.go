package main

import "fmt"

func grid(rows [][]string) int {
	count := 0
outer:
	for i, row := range rows {
		tick("outer")
		for _, cell := range row {
			tick("inner")
			r := acquire(fmt.Sprint(i, cell))
			defer r.Close() // want: safe
			if cell == "skip" {
				r.Use("skip row")
				continue outer
			}
			if cell == "end" {
				r.Use("end")
				break outer
			}
			r.Use("cell")
			count++
		}
		fmt.Println("row done", i)
	}
	return count
}

func main() {
	fmt.Println(grid([][]string{{"a", "b"}, {"c", "skip", "d"}, {"e"}, {"f", "end", "g"}, {"h"}}))
}
