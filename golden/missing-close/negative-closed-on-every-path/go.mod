module example.com/negativeclosedoneverypath

go 1.22
