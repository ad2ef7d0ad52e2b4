package main

type User struct {
	Name string
	Age  int
}

var users = []User{{"ann", 30}, {"bob", 40}}
