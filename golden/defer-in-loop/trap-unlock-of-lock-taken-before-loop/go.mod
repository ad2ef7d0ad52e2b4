module example.com/trapunlockoflocktakenbeforeloop

go 1.22
