module example.com/traplockindexedbytheloopvariable

go 1.22
