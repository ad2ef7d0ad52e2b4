module example.com/returnvalueunnamedresults

go 1.22
