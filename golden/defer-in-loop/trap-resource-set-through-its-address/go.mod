module example.com/trapresourcesetthroughitsaddress

go 1.22
