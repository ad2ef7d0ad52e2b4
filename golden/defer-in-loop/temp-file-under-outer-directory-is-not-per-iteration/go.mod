module example.com/tempfileunderouterdirectoryisnotperiteration

go 1.22
