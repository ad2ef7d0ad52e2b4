module example.com/breakcarriedout

go 1.22
