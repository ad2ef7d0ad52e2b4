module example.com/outer-var-assigned-again-by-enclosing-loop

go 1.21
