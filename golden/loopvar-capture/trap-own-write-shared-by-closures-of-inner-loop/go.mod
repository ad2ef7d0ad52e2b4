module example.com/own-write-shared-by-closures-of-inner-loop

go 1.21
