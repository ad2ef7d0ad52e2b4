package main

import "fmt"

func scan(rows [][]int) int {
	total := 0
	for i, row := range rows {
		tick("L")
		r := acquire(fmt.Sprint("row", i))
		defer r.Close() // want: safe
	cells:
		for _, c := range row {
			switch {
			case c < 0:
				break cells
			case c == 0:
				continue cells
			}
			total += c
		}
		r.Use(total)
	}
	return total
}

func main() {
	fmt.Println(scan([][]int{{1, 0, 2}, {3, -1, 9}, {4}}))
}
