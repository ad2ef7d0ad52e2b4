module example.com/trapmethodpromotedfromembeddedfieldkeepsthevalue

go 1.22
