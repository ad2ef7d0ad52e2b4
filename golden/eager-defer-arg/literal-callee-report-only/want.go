package metrics

import (
	"log"
	"time"
)

func handle() {
	start := time.Now()
	defer func(d time.Duration) {
		log.Printf("took %v", d)
	}(time.Since(start))
}
