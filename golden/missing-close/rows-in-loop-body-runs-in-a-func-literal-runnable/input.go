package main

import (
	"database/sql"
	"fmt"
)

// firsts reads the first row of each table: inside the loop a plain defer would pile up.
func firsts(db *sql.DB, tables []string) ([]int64, error) {
	var got []int64
	for _, table := range tables {
		rows, err := db.Query("SELECT n FROM " + table)
		if err != nil {
			return nil, err
		}
		for rows.Next() {
			var n int64
			if err := rows.Scan(&n); err != nil {
				return nil, err
			}
			got = append(got, n)
			break
		}
	}
	return got, nil
}

func main() {
	db := openDB()
	fmt.Println(firsts(db, []string{"a", "b"}))
	report(db)
}
