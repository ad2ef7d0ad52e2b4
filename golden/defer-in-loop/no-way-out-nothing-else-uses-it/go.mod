module example.com/nowayoutnothingelseusesit

go 1.22
