module example.com/traplocktakenoncebehindaflag

go 1.22
