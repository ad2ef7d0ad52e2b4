module example.com/goroutine-changes-its-own-range-variable

go 1.21
