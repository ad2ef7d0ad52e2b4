module example.com/niltesttrap

go 1.22
