package main

import "fmt"

// u.Name could be a method value of a type declared in another file (its receiver &u): a
// value stored away after the statement makes a fix wrong (conservative here; the type is
// not visible, so the fix would be a copy, which a later change rules out).
func main() {
	var names []string
	for _, u := range users {
		defer func() { fmt.Print(u.Name, " ") }() // want: none
		names = append(names, u.Name)
	}
	fmt.Print(names, " ")
}
