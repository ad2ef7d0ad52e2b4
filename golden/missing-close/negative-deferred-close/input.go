package store

import (
	"database/sql"
	"net/http"
)

func first(db *sql.DB) (int64, error) {
	rows, err := db.Query("SELECT n FROM t")
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

func status(url string) (int, error) {
	resp, err := http.Get(url)
	if err != nil {
		return 0, err
	}
	defer resp.Body.Close()
	return resp.StatusCode, nil
}
