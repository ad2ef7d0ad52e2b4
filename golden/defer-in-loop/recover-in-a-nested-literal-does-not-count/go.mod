module example.com/recoverinanestedliteral

go 1.22
