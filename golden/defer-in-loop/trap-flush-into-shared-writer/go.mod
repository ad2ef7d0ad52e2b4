module example.com/trapflushintosharedwriter

go 1.22
