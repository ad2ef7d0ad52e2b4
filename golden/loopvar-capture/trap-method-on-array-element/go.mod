module example.com/method-on-array-element

go 1.21
