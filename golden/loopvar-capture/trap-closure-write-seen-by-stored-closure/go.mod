module example.com/closure-write-seen-by-stored-closure

go 1.21
