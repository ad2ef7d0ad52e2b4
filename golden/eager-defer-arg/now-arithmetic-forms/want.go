package metrics

import (
	"log"
	"time"
)

type histogram struct{}

func (histogram) Observe(float64) {}

func handle(h histogram, logger *log.Logger) {
	start := time.Now()
	t0 := start.UnixNano()
	defer func() { h.Observe(time.Since(start).Seconds()) }()
	defer func() { logger.Printf("took %v", time.Now().Sub(start)) }()
	defer func() { log.Printf("took %dns", time.Now().UnixNano()-t0) }()
	defer func() { log.Printf("%v left", time.Until(start.Add(time.Second))) }()
	defer func() { log.Println("took", float64(time.Since(start))/1e6, "ms") }()
}
