package main

import (
	"database/sql"
	"fmt"
)

// firstOver returns the first value over limit: that return leaves the Next loop early,
// and the rows (with their connection) stay open.
func firstOver(db *sql.DB, limit int64) (int64, error) {
	rows, err := db.Query("SELECT n FROM t")
	if err != nil {
		return 0, err
	}
	for rows.Next() {
		var n int64
		if err := rows.Scan(&n); err != nil {
			return 0, err
		}
		if n > limit {
			return n, nil
		}
	}
	return 0, rows.Err()
}

func main() {
	db := openDB()
	fmt.Println(firstOver(db, 1))
	fmt.Println(firstOver(db, 5))
	report(db)
}
