module example.com/rangeovermap

go 1.22
