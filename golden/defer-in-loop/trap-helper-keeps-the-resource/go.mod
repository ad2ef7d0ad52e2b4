module example.com/traphelperkeepstheresource

go 1.22
