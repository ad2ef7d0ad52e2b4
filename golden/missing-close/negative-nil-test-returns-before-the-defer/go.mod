module example.com/niltest

go 1.22
