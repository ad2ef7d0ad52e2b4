module example.com/looplabelnamesthisloop

go 1.22
