module example.com/method-value-called-after

go 1.21
