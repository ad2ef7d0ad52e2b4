module example.com/trapbodycallsrecover

go 1.22
