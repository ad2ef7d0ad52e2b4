module example.com/rowsinloopbodyreportonly

go 1.22
