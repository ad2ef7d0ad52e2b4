package main

import (
	"database/sql"
	"fmt"
)

// sum returns before it reads the rows when asked for nothing: they stay open.
func sum(db *sql.DB, wanted bool) (int64, error) {
	rows, err := db.Query("SELECT n FROM t")
	if err != nil {
		return 0, err
	}
	defer rows.Close()
	if !wanted {
		return 0, nil
	}
	var total int64
	for rows.Next() {
		var n int64
		if err := rows.Scan(&n); err != nil {
			return 0, err
		}
		total += n
	}
	return total, rows.Err()
}

func main() {
	db := openDB()
	fmt.Println(sum(db, true))
	fmt.Println(sum(db, false))
	report(db)
}
