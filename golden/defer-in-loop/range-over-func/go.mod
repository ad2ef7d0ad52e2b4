module example.com/rangeoverfunc

go 1.23
