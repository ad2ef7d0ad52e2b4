package m

import "database/sql"

// begin hands the open transaction to its caller, which commits it: a deferred
// Rollback here would end it before the caller could use it.
func begin(db *sql.DB, lockQuery string) (*sql.Tx, error) {
	tx, err := db.Begin()
	if err != nil {
		return nil, err
	}
	if _, err := tx.Exec(lockQuery); err != nil {
		tx.Rollback()
		return nil, err
	}
	return tx, nil
}
