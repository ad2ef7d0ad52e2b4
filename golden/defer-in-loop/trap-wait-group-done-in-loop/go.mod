module example.com/trapwaitgroupdoneinloop

go 1.22
