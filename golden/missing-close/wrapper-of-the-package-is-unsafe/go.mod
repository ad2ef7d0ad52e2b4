module example.com/wrapperofthepackageisunsafe

go 1.22
