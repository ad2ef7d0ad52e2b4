package store

import (
	"database/sql"
	"log"
)

// prepare logs a failed Prepare and goes on with a nil statement.
func prepare(db *sql.DB) {
	stmt, err := db.Prepare("INSERT INTO t VALUES (?)")
	if err != nil {
		log.Print(err)
	}
	if stmt != nil {
		stmt.Exec(1)
	}
}
