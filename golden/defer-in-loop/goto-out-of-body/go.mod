module example.com/gotooutofbody

go 1.22
