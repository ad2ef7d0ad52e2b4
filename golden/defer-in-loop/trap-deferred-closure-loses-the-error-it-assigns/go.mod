module example.com/trapdeferredclosurelosestheerroritassigns

go 1.22
