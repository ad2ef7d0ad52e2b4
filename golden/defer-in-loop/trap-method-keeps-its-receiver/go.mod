module example.com/trapmethodkeepsitsreceiver

go 1.22
