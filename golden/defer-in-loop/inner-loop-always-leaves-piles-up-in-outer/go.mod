module example.com/trapinnerloopalwaysleavespilesupinouter

go 1.22
