package store

import (
	"context"
	"database/sql"
)

func ping(ctx context.Context, db *sql.DB) error {
	conn, err := db.Conn(ctx)
	if err != nil {
		return err
	}
	if err := conn.PingContext(ctx); err != nil {
		conn.Close()
		return err
	}
	return conn.Close()
}
