module example.com/copy-would-be-captured-by-a-later-closure

go 1.21
