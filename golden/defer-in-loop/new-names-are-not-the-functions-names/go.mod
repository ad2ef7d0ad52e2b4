module example.com/newnamesarenotthefunctionsnames

go 1.22
