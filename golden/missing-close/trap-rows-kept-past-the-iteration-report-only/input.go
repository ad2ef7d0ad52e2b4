package store

import "database/sql"

// sumAll keeps every table's rows open until it has queried them all: closing them at the
// end of each iteration would close them before the second loop reads them.
func sumAll(db *sql.DB, tables []string) (int64, error) {
	var open []*sql.Rows
	for _, table := range tables {
		rows, err := db.Query("SELECT n FROM " + table)
		if err != nil {
			return 0, err
		}
		if table == "" {
			return 0, nil
		}
		open = append(open, rows)
	}
	var total int64
	for _, rows := range open {
		for rows.Next() {
			var n int64
			if rows.Scan(&n) == nil {
				total += n
			}
		}
	}
	return total, nil
}
