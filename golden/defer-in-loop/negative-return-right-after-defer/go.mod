module example.com/negativereturnrightafterdefer

go 1.22
