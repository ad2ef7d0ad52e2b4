module example.com/trapoutervariablereadbythenextiteration

go 1.22
