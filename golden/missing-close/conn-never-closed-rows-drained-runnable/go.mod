module example.com/connneverclosedrowsdrainedrunnable

go 1.22
