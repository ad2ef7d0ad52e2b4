module example.com/negativedeferinsideperiterationliteral

go 1.22
