package store

import (
	"database/sql"
	"io"
	"log"
	"net/http"
)

// drain reads and closes a body: on every path.
func drain(body io.ReadCloser) error {
	_, err := io.Copy(io.Discard, body)
	body.Close()
	return err
}

// closeRows closes the rows and logs what Close says.
func closeRows(rows *sql.Rows, logf func(string, ...any)) {
	if err := rows.Close(); err != nil {
		logf("closing rows: %v", err)
	}
}

func status(url string) (int, error) {
	resp, err := http.Get(url)
	if err != nil {
		return 0, err
	}
	if err := drain(resp.Body); err != nil {
		return 0, err
	}
	return resp.StatusCode, nil
}

func first(db *sql.DB) (int64, error) {
	rows, err := db.Query("SELECT n FROM t")
	if err != nil {
		return 0, err
	}
	var n int64
	if rows.Next() {
		err = rows.Scan(&n)
	}
	closeRows(rows, log.Printf)
	return n, err
}
