module example.com/infiniteloopneverruns

go 1.22
