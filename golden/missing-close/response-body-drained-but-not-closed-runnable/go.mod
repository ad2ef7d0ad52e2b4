module example.com/responsebodydrainedbutnotclosedrunnable

go 1.22
