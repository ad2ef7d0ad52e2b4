module deferfix.invalid/gotypes

go 1.22
