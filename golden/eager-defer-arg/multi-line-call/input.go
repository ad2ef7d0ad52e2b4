package metrics

import (
	"log"
	"time"
)

func handle(name string) {
	start := time.Now()
	defer log.Printf("%s finished: %v",
		name,
		time.Since(start),
	) // measured
}
