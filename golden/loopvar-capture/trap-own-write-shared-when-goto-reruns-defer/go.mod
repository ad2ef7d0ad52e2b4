module example.com/own-write-shared-when-goto-reruns-defer

go 1.21
