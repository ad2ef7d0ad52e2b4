module example.com/negativeforfalsebodyneverruns

go 1.22
