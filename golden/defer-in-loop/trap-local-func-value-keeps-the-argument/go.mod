module example.com/traplocalfuncvaluekeepstheargument

go 1.22
