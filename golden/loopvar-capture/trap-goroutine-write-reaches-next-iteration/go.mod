module example.com/goroutine-write-reaches-next-iteration

go 1.21
