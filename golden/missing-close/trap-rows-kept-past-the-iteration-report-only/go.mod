module example.com/traprowskeptpasttheiterationreportonly

go 1.22
