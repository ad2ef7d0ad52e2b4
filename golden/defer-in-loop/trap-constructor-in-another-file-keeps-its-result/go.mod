module example.com/trapconstructorinanotherfilekeepsitsresult

go 1.22
