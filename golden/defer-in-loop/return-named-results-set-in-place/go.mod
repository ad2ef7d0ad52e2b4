module example.com/returnnamedresultssetinplace

go 1.22
