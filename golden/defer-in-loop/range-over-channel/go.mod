module example.com/rangeoverchannel

go 1.22
