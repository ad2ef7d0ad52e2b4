module example.com/traptempdirunderouterdirectoryremovedperiteration

go 1.22
