package store

import "database/sql"

type cursor struct{ rows *sql.Rows }

func (c *cursor) attach(rows *sql.Rows) { c.rows = rows }

func keep(c *cursor, rows *sql.Rows) { c.rows = rows }

// open gives the rows to the cursor through a function of the package that stores them:
// they leave the function, and the cursor's owner closes them.
func open(db *sql.DB, c *cursor, peek bool) error {
	rows, err := db.Query("SELECT n FROM t")
	if err != nil {
		return err
	}
	if peek && !rows.Next() {
		return rows.Err()
	}
	keep(c, rows)
	return nil
}

// attachTo hands them to a method of a parameter, which may keep them: a deferred Close
// would close them under the cursor.
func attachTo(db *sql.DB, c *cursor, peek bool) error {
	rows, err := db.Query("SELECT n FROM t")
	if err != nil {
		return err
	}
	defer rows.Close()
	if peek {
		return nil
	}
	c.attach(rows)
	return nil
}
