module example.com/trapdeferredcallonlyprintsatexit

go 1.22
