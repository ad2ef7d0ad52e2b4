module example.com/deferredclosurewritesoutercounter

go 1.22
