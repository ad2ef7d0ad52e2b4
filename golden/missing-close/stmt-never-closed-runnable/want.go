package main

import (
	"database/sql"
	"fmt"
)

// insertAll prepares a statement and never closes it.
func insertAll(db *sql.DB, values []int) (int64, error) {
	stmt, err := db.Prepare("INSERT INTO t VALUES (?)")
	if err != nil {
		return 0, err
	}
	defer stmt.Close()
	var total int64
	for _, v := range values {
		result, err := stmt.Exec(v)
		if err != nil {
			return total, err
		}
		n, _ := result.RowsAffected()
		total += n
	}
	return total, nil
}

func main() {
	db := openDB()
	fmt.Println(insertAll(db, []int{1, 2, 3}))
	report(db)
}
