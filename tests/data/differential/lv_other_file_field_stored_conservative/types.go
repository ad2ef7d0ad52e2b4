package main

type User struct {
	Name string
}

var users = []User{{"ann"}, {"bob"}}
