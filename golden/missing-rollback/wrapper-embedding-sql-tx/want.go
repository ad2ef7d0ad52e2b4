package m

import (
	"database/sql"
	"errors"
)

// Tx adds a helper to *sql.Tx; its Commit and Rollback are the embedded ones.
type Tx struct{ *sql.Tx }

func (t Tx) Touch(id int) error {
	_, err := t.Exec("UPDATE t SET touched = 1 WHERE id = ?", id)
	return err
}

type DB struct{ *sql.DB }

func (d DB) Begin() (Tx, error) {
	tx, err := d.DB.Begin()
	return Tx{tx}, err
}

func TouchAll(d DB, ids []int) error {
	tx, err := d.Begin()
	if err != nil {
		return err
	}
	defer tx.Rollback()
	if len(ids) == 0 {
		return errors.New("nothing to touch")
	}
	for _, id := range ids {
		if err := tx.Touch(id); err != nil {
			tx.Rollback()
			return err
		}
	}
	return tx.Commit()
}
