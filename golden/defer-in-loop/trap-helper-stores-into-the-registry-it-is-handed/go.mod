module example.com/traphelperstoresintotheregistryitishanded

go 1.22
