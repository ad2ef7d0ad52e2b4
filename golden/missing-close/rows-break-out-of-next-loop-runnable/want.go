package main

import (
	"database/sql"
	"fmt"
)

// firstTwo stops reading after two rows: the break leaves the rows open.
func firstTwo(db *sql.DB) ([]int64, error) {
	var got []int64
	rows, err := db.Query("SELECT n FROM t")
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	for rows.Next() {
		var n int64
		if err := rows.Scan(&n); err != nil {
			return nil, err
		}
		got = append(got, n)
		if len(got) == 2 {
			break
		}
	}
	return got, rows.Err()
}

func main() {
	db := openDB()
	fmt.Println(firstTwo(db))
	report(db)
}
