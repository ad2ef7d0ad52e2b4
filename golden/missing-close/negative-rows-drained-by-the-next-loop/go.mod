module example.com/negativerowsdrainedbythenextloop

go 1.22
