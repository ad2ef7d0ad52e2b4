package main

import (
	"database/sql"
	"fmt"
)

// transfer commits when every statement succeeds; the early return leaves the
// transaction open, and with it its connection and the database's locks.
func transfer(db *sql.DB, queries ...string) error {
	tx, err := db.Begin()
	if err != nil {
		return err
	}
	defer tx.Rollback()
	for _, q := range queries {
		if _, err := tx.Exec(q); err != nil {
			return err
		}
	}
	return tx.Commit()
}

func main() {
	db := openDB()
	fmt.Println(transfer(db, "debit a", "credit b"))
	fmt.Println(transfer(db, "debit a", "fail"))
	report()
}
