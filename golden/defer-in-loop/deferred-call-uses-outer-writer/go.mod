module example.com/deferredcallusesouterwriter

go 1.22
