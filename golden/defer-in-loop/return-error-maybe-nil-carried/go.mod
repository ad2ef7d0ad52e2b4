module example.com/returnerrormaybenilcarried

go 1.22
