module example.com/negativedeferingoroutineliteral

go 1.22
