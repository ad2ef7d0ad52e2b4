module example.com/negativehandedtoacloserhelper

go 1.22
