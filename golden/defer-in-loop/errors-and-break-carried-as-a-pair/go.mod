module example.com/errorsandbreakcarriedasapair

go 1.22
