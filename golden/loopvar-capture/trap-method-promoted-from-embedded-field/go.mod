module example.com/method-promoted-from-embedded-field

go 1.21
