module example.com/trapdeferrednilfunc

go 1.22
