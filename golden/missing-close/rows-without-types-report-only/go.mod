module example.com/rowswithouttypesreportonly

go 1.22
