module example.com/lockunlockdeadlock

go 1.22
