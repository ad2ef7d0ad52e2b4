package main

import (
	"context"
	"fmt"
	"time"
)

func main() {
	ctx, cancel := context.WithTimeout(context.Background(), time.Second)
	if ctx.Err() != nil {
		return
	}
	fmt.Println("ok")
	cancel()
}
