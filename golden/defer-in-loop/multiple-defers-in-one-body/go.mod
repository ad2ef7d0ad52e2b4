module example.com/multipledefersinonebody

go 1.22
