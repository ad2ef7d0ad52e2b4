module example.com/derivedcontextcancelledperiteration

go 1.22
