module example.com/traprangeelementfromouterslice

go 1.22
