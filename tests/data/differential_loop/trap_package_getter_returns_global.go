package main

import "fmt"

var db *Res

func getDB() *Res { return db }

func run(names []string) {
	for _, name := range names {
		tick("L")
		conn := getDB()
		defer conn.Close() // want: none
		conn.Use(name)
	}
}

func main() {
	db = acquire("db")
	run([]string{"a", "b"})
	fmt.Println("done")
}
