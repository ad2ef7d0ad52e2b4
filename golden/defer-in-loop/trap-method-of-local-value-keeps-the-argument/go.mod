module example.com/trapmethodoflocalvaluekeepstheargument

go 1.22
