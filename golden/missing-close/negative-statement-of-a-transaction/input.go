package store

import "database/sql"

// A statement prepared in a transaction is closed when the transaction ends.
func insert(tx *sql.Tx, values []int) error {
	stmt, err := tx.Prepare("INSERT INTO t VALUES (?)")
	if err != nil {
		return err
	}
	for _, v := range values {
		if _, err := stmt.Exec(v); err != nil {
			return err
		}
	}
	return nil
}
