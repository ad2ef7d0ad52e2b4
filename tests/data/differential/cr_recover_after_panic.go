// differential: oracle=same
package main

import "fmt"

func risky(data []byte) (err error) {
	defer func() { // want: safe
		if r := recover(); r != nil {
			err = fmt.Errorf("after %d bytes: %v", len(data), r)
		}
	}()
	var m map[string]int
	m["x"] = 1
	return nil
}

func main() { fmt.Println(risky(make([]byte, 12))) }
