module example.com/nestedloopsonlyinnerholdsdefer

go 1.22
