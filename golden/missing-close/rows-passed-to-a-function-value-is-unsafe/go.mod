module example.com/rowspassedtoafunctionvalueisunsafe

go 1.22
