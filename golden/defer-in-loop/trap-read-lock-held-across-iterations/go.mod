module example.com/trapreadlockheldacrossiterations

go 1.22
