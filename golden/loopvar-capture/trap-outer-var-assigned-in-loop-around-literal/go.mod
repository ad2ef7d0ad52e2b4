module example.com/outer-var-assigned-in-loop-around-literal

go 1.21
