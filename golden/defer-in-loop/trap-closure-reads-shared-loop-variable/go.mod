module example.com/trapclosurereadssharedloopvariable

go 1.21
