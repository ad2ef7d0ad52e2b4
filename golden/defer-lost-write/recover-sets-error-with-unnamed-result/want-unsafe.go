package main

import "fmt"

func parse(input string) (err error) {
	defer func() {
		if r := recover(); r != nil {
			err = fmt.Errorf("parse %q: %v", input, r)
		}
	}()
	if input == "" {
		panic("empty input")
	}
	return err
}

func main() {
	fmt.Println("ok:", parse("x"))
	fmt.Println("empty:", parse(""))
}
