module example.com/rowsreturnbeforethelooprunnable

go 1.22
