module example.com/labelledbreakouter

go 1.22
