module example.com/helperreadstheresource

go 1.22
