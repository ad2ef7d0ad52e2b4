package m

import (
	"context"
	"database/sql"
	"errors"
)

func Rename(ctx context.Context, conn *sql.Conn, from, to string) error {
	tx, err := conn.BeginTx(ctx, &sql.TxOptions{Isolation: sql.LevelSerializable})
	if err != nil {
		return err
	}
	defer tx.Rollback()
	if from == to {
		return errors.New("same name")
	}
	if _, err = tx.ExecContext(ctx, "UPDATE t SET name = ? WHERE name = ?", to, from); err != nil {
		tx.Rollback()
		return err
	}
	return tx.Commit()
}
