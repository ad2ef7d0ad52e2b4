package main

import (
	"context"
	"database/sql"
	"fmt"
)

// count reads every row through a dedicated connection: the rows close themselves when Next
// returns false, the connection is never given back.
func count(ctx context.Context, db *sql.DB) (int, error) {
	conn, err := db.Conn(ctx)
	if err != nil {
		return 0, err
	}
	defer conn.Close()
	rows, err := conn.QueryContext(ctx, "SELECT n FROM t")
	if err != nil {
		return 0, err
	}
	n := 0
	for rows.Next() {
		n++
	}
	return n, rows.Err()
}

func main() {
	db := openDB()
	fmt.Println(count(context.Background(), db))
	report(db)
}
