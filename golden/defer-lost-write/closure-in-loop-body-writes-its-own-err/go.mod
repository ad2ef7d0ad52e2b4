module example.com/closureinloopbodywritesitsownerr

go 1.22
