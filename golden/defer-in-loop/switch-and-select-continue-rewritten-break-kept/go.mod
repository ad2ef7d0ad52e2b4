module example.com/switchandselectcontinuerewrittenbreakkept

go 1.22
