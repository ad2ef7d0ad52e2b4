// differential: oracle=same
package main

import (
	"fmt"
	"strings"
)

func main() {
	data, err := []string{"a"}, error(nil)
	defer func() { fmt.Println(len(data), err) }() // want: none
	data, rest := strings.Fields("x y z"), 0
	_, _ = data, rest
}
