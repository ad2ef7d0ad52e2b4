package metrics

import (
	"log"
	"time"
)

func handle(name string) {
	start := time.Now()
	defer func() {
		log.Printf("%s finished: %v",
			name,
			time.Since(start),
		)
	}() // measured
}
