module example.com/trapstructliteralaroundnewresourceisperiteration

go 1.22
