module example.com/trapdeferredclosemaypanic

go 1.22
