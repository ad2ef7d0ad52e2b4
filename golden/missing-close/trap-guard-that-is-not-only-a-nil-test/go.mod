module example.com/negativedeferredclose

go 1.22
