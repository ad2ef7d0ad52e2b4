module example.com/mixedexitscarriedasnamedconstants

go 1.22
