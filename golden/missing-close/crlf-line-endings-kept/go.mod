module example.com/crlflineendingskept

go 1.22
