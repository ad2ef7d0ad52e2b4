module example.com/method-on-converted-named-slice

go 1.21
