module example.com/trapbodyvariablealiasesouterelement

go 1.22
