package metrics

import (
	"log"
	"time"
)

func handle(jobs []string) {
	start := time.Now()
	done := 0
	for _, job := range jobs {
		defer log.Printf("%s after %d jobs: %v", job, done, time.Since(start))
		done++
	}
}
