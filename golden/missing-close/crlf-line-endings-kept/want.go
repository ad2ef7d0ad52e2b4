package store

import "database/sql"

func count(db *sql.DB) (int, error) {
	stmt, err := db.Prepare("SELECT n FROM t")
	if err != nil {
		return 0, err
	}
	defer stmt.Close()
	rows, err := stmt.Query()
	if err != nil {
		return 0, err
	}
	n := 0
	for rows.Next() {
		n++
	}
	return n, rows.Err()
}
