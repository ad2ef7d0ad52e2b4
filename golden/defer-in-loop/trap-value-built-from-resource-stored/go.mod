module example.com/trapvaluebuiltfromresourcestored

go 1.22
