module example.com/goroutine-change-read-later-in-iteration

go 1.21
