module example.com/trappathbuiltfromouterdirectory

go 1.22
