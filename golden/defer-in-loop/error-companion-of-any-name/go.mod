module example.com/returnerroriferrform

go 1.22
