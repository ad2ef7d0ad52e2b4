package m

import "database/sql"

func Each(db *sql.DB, batches [][]string) error {
	for _, batch := range batches {
		tx, err := db.Begin()
		if err != nil {
			return err
		}
		for _, q := range batch {
			if _, err := tx.Exec(q); err != nil {
				return err
			}
		}
		if err := tx.Commit(); err != nil {
			return err
		}
	}
	return nil
}
