module example.com/trapgetterreturnssharedconnection

go 1.22
