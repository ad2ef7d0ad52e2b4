module example.com/lockreleasedbyhandtoo

go 1.22
