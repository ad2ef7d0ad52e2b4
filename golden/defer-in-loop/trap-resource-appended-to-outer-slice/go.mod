module example.com/trapresourceappendedtoouterslice

go 1.22
