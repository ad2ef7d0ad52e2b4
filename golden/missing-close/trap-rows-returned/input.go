package store

import "database/sql"

// query hands its rows to the caller, who owns them now.
func query(db *sql.DB, limit int) (*sql.Rows, error) {
	rows, err := db.Query("SELECT n FROM t LIMIT ?", limit)
	if err != nil {
		return nil, err
	}
	if limit == 0 {
		return nil, nil
	}
	return rows, nil
}
