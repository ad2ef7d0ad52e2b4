package main

// A fake database/sql driver, standard library only: every query returns the rows 1, 2, 3,
// and the driver counts its statements and rows that are not closed yet, so that report
// prints what a program left open (connections in use come from the pool's own stats).

import (
	"context"
	"database/sql"
	"database/sql/driver"
	"fmt"
	"io"
)

type fakeConnector struct{ stmts, rows int }

func (c *fakeConnector) Connect(context.Context) (driver.Conn, error) { return &fakeConn{c}, nil }
func (c *fakeConnector) Driver() driver.Driver                        { return nil }

type fakeConn struct{ c *fakeConnector }

func (fc *fakeConn) Prepare(query string) (driver.Stmt, error) {
	fc.c.stmts++
	return &fakeStmt{fc.c}, nil
}
func (fc *fakeConn) QueryContext(context.Context, string, []driver.NamedValue) (driver.Rows, error) {
	fc.c.rows++
	return &fakeRows{c: fc.c}, nil
}
func (fc *fakeConn) Close() error              { return nil }
func (fc *fakeConn) Begin() (driver.Tx, error) { return nil, fmt.Errorf("no transactions") }

type fakeStmt struct{ c *fakeConnector }

func (s *fakeStmt) Close() error                               { s.c.stmts--; return nil }
func (s *fakeStmt) NumInput() int                              { return -1 }
func (s *fakeStmt) Exec([]driver.Value) (driver.Result, error) { return driver.RowsAffected(1), nil }
func (s *fakeStmt) Query([]driver.Value) (driver.Rows, error) {
	return (&fakeConn{s.c}).QueryContext(context.Background(), "", nil)
}

type fakeRows struct {
	c    *fakeConnector
	next int64
}

func (r *fakeRows) Columns() []string { return []string{"n"} }
func (r *fakeRows) Close() error      { r.c.rows--; return nil }
func (r *fakeRows) Next(dest []driver.Value) error {
	if r.next == 3 {
		return io.EOF
	}
	r.next++
	dest[0] = r.next
	return nil
}

var connector = &fakeConnector{}

func openDB() *sql.DB { return sql.OpenDB(connector) }

// report prints what is still open: rows, statements and connections in use.
func report(db *sql.DB) {
	fmt.Printf("open: %d rows, %d statements, %d connections in use\n",
		connector.rows, connector.stmts, db.Stats().InUse)
}
