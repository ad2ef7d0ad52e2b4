module example.com/method-on-field-of-unnamed-struct

go 1.21
