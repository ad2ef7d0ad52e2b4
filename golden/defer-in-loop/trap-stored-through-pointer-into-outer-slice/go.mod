module example.com/trapstoredthroughpointerintoouterslice

go 1.22
