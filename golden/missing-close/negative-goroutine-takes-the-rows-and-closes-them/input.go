package store

import "database/sql"

func stream(db *sql.DB, out chan<- int64) error {
	rows, err := db.Query("SELECT n FROM t")
	if err != nil {
		return err
	}
	go func() {
		defer rows.Close()
		defer close(out)
		for rows.Next() {
			var n int64
			if rows.Scan(&n) != nil {
				return
			}
			out <- n
		}
	}()
	return nil
}
