module example.com/trapresourcecapturedbygoroutine

go 1.22
