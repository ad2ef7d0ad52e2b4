module example.com/continuebecomesreturn

go 1.22
