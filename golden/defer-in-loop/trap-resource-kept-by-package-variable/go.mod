module example.com/trapresourcekeptbypackagevariable

go 1.22
