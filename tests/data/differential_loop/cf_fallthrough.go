package main

import "fmt"

func classify(nums []int) (out []string) {
	for _, v := range nums {
		tick("L")
		r := acquire(fmt.Sprint("n", v))
		defer r.Close() // want: safe
		switch {
		case v == 0:
			r.Use("zero")
			fallthrough
		case v < 5:
			r.Use("small")
			if v == 3 {
				continue
			}
			fallthrough
		case v < 10:
			r.Use("medium")
			break
		default:
			r.Use("large")
			return append(out, "stopped")
		}
		out = append(out, fmt.Sprint(v))
	}
	return out
}

func main() {
	fmt.Println(classify([]int{0, 3, 4, 7, 12, 1}))
}
