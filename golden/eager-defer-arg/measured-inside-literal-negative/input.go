package metrics

import (
	"log"
	"time"
)

func handle() {
	start := time.Now()
	defer func() { log.Printf("took %v", time.Since(start)) }()
	defer log.Print("done", func() time.Duration { return time.Since(start) })
}
