module example.com/outervariabledeadaftertheiteration

go 1.22
