package main

import "fmt"

func main() {
	for _, u := range users {
		defer func() { fmt.Print(u.Name, " ") }() // want: safe
		fmt.Print(u.Name, u.Age, " ")
	}
	fmt.Print("| ")
}
