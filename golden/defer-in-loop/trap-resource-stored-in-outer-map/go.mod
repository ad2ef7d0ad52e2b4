module example.com/trapresourcestoredinoutermap

go 1.22
