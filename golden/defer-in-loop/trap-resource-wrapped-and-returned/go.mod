module example.com/trapresourcewrappedandreturned

go 1.22
