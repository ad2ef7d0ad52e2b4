module example.com/returnnamedresultsbare

go 1.22
