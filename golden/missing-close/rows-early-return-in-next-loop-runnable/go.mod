module example.com/rowsearlyreturninnextlooprunnable

go 1.22
