module example.com/stmtcheckfallsthroughreportonly

go 1.22
