module example.com/traplocaltypenamedrows

go 1.22
