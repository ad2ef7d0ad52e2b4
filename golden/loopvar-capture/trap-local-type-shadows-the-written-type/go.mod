module example.com/local-type-shadows-the-written-type

go 1.21
