module example.com/trapclosuresetsnamedresult

go 1.22
