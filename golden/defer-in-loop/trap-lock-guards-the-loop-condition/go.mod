module example.com/traplockguardstheloopcondition

go 1.22
