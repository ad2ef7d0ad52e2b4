module example.com/rowsinloopbodyrunsinafuncliteralrunnable

go 1.22
