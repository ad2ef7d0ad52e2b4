module example.com/array-sliced-then-written

go 1.21
