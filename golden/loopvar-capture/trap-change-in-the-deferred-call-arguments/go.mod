module example.com/change-in-the-deferred-call-arguments

go 1.21
