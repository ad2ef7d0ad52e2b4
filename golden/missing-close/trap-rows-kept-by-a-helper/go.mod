module example.com/traprowskeptbyahelper

go 1.22
