module example.com/reasonnamesthedeferthatdecides

go 1.22
