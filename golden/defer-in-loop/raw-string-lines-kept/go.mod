module example.com/rawstringlineskept

go 1.22
