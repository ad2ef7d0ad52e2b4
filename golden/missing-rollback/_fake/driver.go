package main

import (
	"context"
	"database/sql"
	"database/sql/driver"
	"fmt"
)

// A fake database/sql driver, written with the standard library only: it prints what the
// transactions do, and report() prints how many were left open.
type fakeConnector struct{}
type fakeDriver struct{}
type fakeConn struct{}
type fakeTx struct{ id int }
type fakeStmt struct{ query string }

var (
	openTx = map[int]bool{}
	lastTx int
)

func openDB() *sql.DB { return sql.OpenDB(fakeConnector{}) }

func report() { fmt.Println("transactions left open:", len(openTx)) }

func (fakeConnector) Connect(context.Context) (driver.Conn, error) { return fakeConn{}, nil }
func (fakeConnector) Driver() driver.Driver                        { return fakeDriver{} }
func (fakeDriver) Open(string) (driver.Conn, error)                { return fakeConn{}, nil }
func (fakeConn) Prepare(q string) (driver.Stmt, error)             { return fakeStmt{q}, nil }
func (fakeConn) Close() error                                      { return nil }

func (fakeConn) Begin() (driver.Tx, error) {
	lastTx++
	openTx[lastTx] = true
	fmt.Println("begin", lastTx)
	return &fakeTx{lastTx}, nil
}

func (t *fakeTx) Commit() error {
	delete(openTx, t.id)
	fmt.Println("commit", t.id)
	return nil
}

func (t *fakeTx) Rollback() error {
	delete(openTx, t.id)
	fmt.Println("rollback", t.id)
	return nil
}

func (fakeStmt) Close() error  { return nil }
func (fakeStmt) NumInput() int { return -1 }

func (s fakeStmt) Exec([]driver.Value) (driver.Result, error) {
	if s.query == "fail" {
		return nil, fmt.Errorf("exec %q failed", s.query)
	}
	fmt.Println("exec", s.query)
	return driver.RowsAffected(1), nil
}

func (s fakeStmt) Query([]driver.Value) (driver.Rows, error) {
	return nil, fmt.Errorf("query %q: no rows here", s.query)
}
