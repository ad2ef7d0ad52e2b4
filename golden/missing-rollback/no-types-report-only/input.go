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
	if id < 0 {
		return errors.New("bad id")
	}
	return tx.Commit()
}
