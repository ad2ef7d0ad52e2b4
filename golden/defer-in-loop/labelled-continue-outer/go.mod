module example.com/labelledcontinueouter

go 1.22
