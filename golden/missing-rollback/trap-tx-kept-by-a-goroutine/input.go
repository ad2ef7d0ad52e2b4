package m

import "database/sql"

func Background(db *sql.DB, rows <-chan string) error {
	tx, err := db.Begin()
	if err != nil {
		return err
	}
	go func() {
		for r := range rows {
			if _, err := tx.Exec("INSERT INTO t VALUES (?)", r); err != nil {
				tx.Rollback()
				return
			}
		}
		tx.Commit()
	}()
	return nil
}
