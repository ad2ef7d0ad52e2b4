module example.com/trapdeferredhelpercallsrecover

go 1.22
