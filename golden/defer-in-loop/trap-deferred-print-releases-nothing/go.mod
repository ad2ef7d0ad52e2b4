module example.com/trapdeferredprintreleasesnothing

go 1.22
