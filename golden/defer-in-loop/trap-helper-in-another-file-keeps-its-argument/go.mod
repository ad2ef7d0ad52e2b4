module example.com/traphelperinanotherfilekeepsitsargument

go 1.22
