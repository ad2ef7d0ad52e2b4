module example.com/trapresponsereturned

go 1.22
