module example.com/negativegoroutinetakestherowsandclosesthem

go 1.22
