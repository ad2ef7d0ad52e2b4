module example.com/trapdeferafterlastusekeepsitopen

go 1.22
