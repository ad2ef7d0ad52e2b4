module example.com/goroutine-in-loop-runs-defer-later

go 1.21
