module example.com/trapmethodconstructorkeepsitsresultinthereceiver

go 1.22
