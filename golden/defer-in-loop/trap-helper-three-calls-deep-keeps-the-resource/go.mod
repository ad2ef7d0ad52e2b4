module example.com/traphelperthreecallsdeepkeepstheresource

go 1.22
