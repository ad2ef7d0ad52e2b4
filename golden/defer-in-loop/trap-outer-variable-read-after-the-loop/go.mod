module example.com/trapoutervariablereadaftertheloop

go 1.22
