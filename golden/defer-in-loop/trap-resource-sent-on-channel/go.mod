module example.com/trapresourcesentonchannel

go 1.22
