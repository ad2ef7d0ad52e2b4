package m

import (
	"context"
	"fmt"
	"time"
)

func Report(parent context.Context, at time.Time, lines []string) {
	ctx, cancel := context.WithDeadline(parent, at) // one deadline for every line
	for _, l := range lines {
		if ctx.Err() != nil {
			cancel()
			return
		}
		fmt.Println(l)
	}
}
