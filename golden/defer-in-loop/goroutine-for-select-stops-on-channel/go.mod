module example.com/goroutineforselectstopsonchannel

go 1.22
