module example.com/traplockguardscodeaftertheloop

go 1.22
