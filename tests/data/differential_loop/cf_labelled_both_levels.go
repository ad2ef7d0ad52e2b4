package main

import "fmt"

func grid(rows [][]string) (count int, err error) {
outer:
	for i, row := range rows {
		tick("outer")
		o := acquire(fmt.Sprint("row", i))
		defer o.Close() // want: safe
		for _, cell := range row {
			tick("inner")
			r := acquire(fmt.Sprint(i, cell))
			defer r.Close() // want: safe
			switch cell {
			case "skip":
				continue outer
			case "end":
				break outer
			case "fail":
				return count, fmt.Errorf("failed at %d", i)
			}
			r.Use(o.Name())
			count++
		}
		o.Use("row done")
	}
	return count, nil
}

func main() {
	fmt.Println(grid([][]string{{"a", "b"}, {"c", "skip", "d"}, {"e"}, {"f", "end", "g"}, {"h"}}))
	fmt.Println(grid([][]string{{"a"}, {"fail"}, {"h"}}))
}
