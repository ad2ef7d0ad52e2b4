module example.com/shared-loop-variable-in-goroutine

go 1.21
