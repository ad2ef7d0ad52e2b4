module example.com/responsebodynotclosedonnon200runnable

go 1.22
