module example.com/deferredcallontherangenumbernamesit

go 1.22
