module example.com/traprowsreturned

go 1.22
