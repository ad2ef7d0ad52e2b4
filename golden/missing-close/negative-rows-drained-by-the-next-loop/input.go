package store

import "database/sql"

// sum reads every row: when Next returns false the rows close themselves.
func sum(db *sql.DB) (int64, error) {
	rows, err := db.Query("SELECT n FROM t")
	if err != nil {
		return 0, err
	}
	var total int64
	for rows.Next() {
		var n int64
		if rows.Scan(&n) == nil {
			total += n
		}
	}
	return total, rows.Err()
}
