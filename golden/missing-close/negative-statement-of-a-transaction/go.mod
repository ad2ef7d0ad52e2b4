module example.com/negativestatementofatransaction

go 1.22
