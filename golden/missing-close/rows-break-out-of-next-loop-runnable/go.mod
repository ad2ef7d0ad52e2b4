module example.com/rowsbreakoutofnextlooprunnable

go 1.22
