module example.com/goto-reruns-earlier-write

go 1.21
