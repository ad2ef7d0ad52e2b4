package store

import "database/sql"

// first returns early from the Next loop; without go/types the rows are not known to be
// database/sql's.
func first(db *sql.DB) (int64, error) {
	rows, err := db.Query("SELECT n FROM t")
	if err != nil {
		return 0, err
	}
	for rows.Next() {
		var n int64
		err := rows.Scan(&n)
		return n, err
	}
	return 0, rows.Err()
}
