package store

import "database/sql"

// each hands the rows to a function value, which may keep them after each returns.
func each(db *sql.DB, visit func(*sql.Rows) error) error {
	rows, err := db.Query("SELECT n FROM t")
	if err != nil {
		return err
	}
	for rows.Next() {
		if err := visit(rows); err != nil {
			return err
		}
	}
	return rows.Err()
}
