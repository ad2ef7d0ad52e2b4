package metrics

import (
	"log"
	"time"
)

type clock struct{}

func (clock) Since(time.Time) int { return 0 }

func handle(start time.Time) {
	time := clock{}
	defer log.Print(time.Since(start))
}
