package m

import (
	"database/sql"
	"errors"
)

func Touch(db *sql.DB, id int) error {
	tx, err := db.Begin()
	if err != nil {
		return err
	}
	defer tx.Rollback()
	if id < 0 {
		return errors.New("bad id")
	}
	return tx.Commit()
}

func Named(db *sql.DB) (err error) {
	var tx *sql.Tx
	defer func() {
		if err != nil && tx != nil {
			tx.Rollback()
		}
	}()
	tx, err = db.Begin()
	if err != nil {
		return err
	}
	if _, err = tx.Exec("x"); err != nil {
		return err
	}
	return tx.Commit()
}
