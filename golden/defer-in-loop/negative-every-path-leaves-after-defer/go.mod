module example.com/negativeeverypathleavesafterdefer

go 1.22
