module example.com/deferredliteralclearsitsownvariable

go 1.22
