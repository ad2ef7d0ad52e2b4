module example.com/rangeoverint

go 1.22
