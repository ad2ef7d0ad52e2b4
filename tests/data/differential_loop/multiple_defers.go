package main

import "fmt"

func copyAll(pairs [][2]string) int {
	n := 0
	for _, p := range pairs {
		tick("L")
		src, err := acquireErr(p[0])
		if err != nil {
			fmt.Println(err)
			continue
		}
		defer src.Close() // want: safe
		dst, err := acquireErr(p[1])
		if err != nil {
			fmt.Println(err)
			continue
		}
		defer dst.Close() // want: safe
		src.Use("read")
		dst.Use("write")
		n++
	}
	return n
}

func main() {
	fmt.Println(copyAll([][2]string{{"a", "b"}, {"c", ""}, {"", "d"}, {"e", "f"}}))
}
