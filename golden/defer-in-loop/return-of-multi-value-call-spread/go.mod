module example.com/reportonlymultivaluereturncall

go 1.22
