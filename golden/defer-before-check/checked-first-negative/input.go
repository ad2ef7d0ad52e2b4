package store

import (
	"database/sql"
	"os"
)

func read(name string) error {
	f, err := os.Open(name)
	if err != nil {
		return err
	}
	defer f.Close()
	return nil
}

func update(db *sql.DB) error {
	tx, err := db.Begin()
	if err != nil {
		return err
	}
	defer tx.Rollback()
	if _, err := tx.Exec("UPDATE t SET x = 1"); err != nil {
		return err
	}
	return tx.Commit()
}

func logged(name string) error {
	f, err := os.Open(name)
	check(err)
	defer f.Close()
	if err != nil {
		return err
	}
	return nil
}

func check(error) {}
