module example.com/traprecoverindeferredliteral

go 1.22
