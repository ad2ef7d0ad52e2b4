module example.com/trapsharedouterconnection

go 1.22
