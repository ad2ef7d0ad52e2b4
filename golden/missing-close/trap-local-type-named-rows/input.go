package store

import "errors"

// Rows is this package's own type, not database/sql's: its Close means something else.
type Rows struct{ left int }

func (r *Rows) Next() bool   { r.left--; return r.left >= 0 }
func (r *Rows) Close() error { return nil }

type DB struct{}

func (DB) Query(string) (*Rows, error) { return &Rows{left: 3}, nil }

func first(db DB) (int, error) {
	rows, err := db.Query("SELECT n FROM t")
	if err != nil {
		return 0, err
	}
	for rows.Next() {
		return rows.left, nil
	}
	return 0, errors.New("empty")
}
