// differential: oracle=same
package main

import "fmt"

func chain() error {
	var err error
	for i := 0; i < 3; i++ {
		defer func() {
			if err != nil {
				fmt.Println("the closure of a later iteration set", err)
			}
			err = fmt.Errorf("step %d", i)
		}()
	}
	return nil
}

func main() {
	fmt.Println("chain:", chain())
}
