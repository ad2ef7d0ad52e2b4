module example.com/stmtneverclosedrunnable

go 1.22
