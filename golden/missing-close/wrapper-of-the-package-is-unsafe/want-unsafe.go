package store

import "database/sql"

// query may return nil rows without an error.
func query(db *sql.DB, table string) (*sql.Rows, error) {
	if table == "" {
		return nil, nil
	}
	return db.Query("SELECT n FROM " + table)
}

func first(db *sql.DB, table string) (int64, error) {
	rows, err := query(db, table)
	if err != nil {
		return 0, err
	}
	defer rows.Close()
	for rows.Next() {
		var n int64
		err := rows.Scan(&n)
		return n, err
	}
	return 0, rows.Err()
}
