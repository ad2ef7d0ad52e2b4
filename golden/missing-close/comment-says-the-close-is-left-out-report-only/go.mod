module example.com/leftout

go 1.22
