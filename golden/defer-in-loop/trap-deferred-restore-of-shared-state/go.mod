module example.com/trapdeferredrestoreofsharedstate

go 1.22
