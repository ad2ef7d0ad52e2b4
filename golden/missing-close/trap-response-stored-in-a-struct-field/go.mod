module example.com/trapresponsestoredinastructfield

go 1.22
