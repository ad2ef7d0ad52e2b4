module example.com/trapkeptopenonpurpose

go 1.22
