module example.com/gotobackbeforethelooprunsitagain

go 1.22
