module example.com/trapcancelcontextusedbygoroutine

go 1.22
