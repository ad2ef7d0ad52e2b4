module example.com/returnnamedresultsshadowed

go 1.22
