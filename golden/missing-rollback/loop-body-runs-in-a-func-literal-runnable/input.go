package main

import (
	"database/sql"
	"fmt"
)

// apply runs each batch in a transaction of its own; a failing statement returns with
// that batch's transaction still open.
func apply(db *sql.DB, batches [][]string) error {
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

func main() {
	db := openDB()
	fmt.Println(apply(db, [][]string{{"insert a"}, {"insert b", "fail"}, {"insert c"}}))
	report()
}
