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
	defer h.Observe(time.Since(start).Seconds())
	defer logger.Printf("took %v", time.Now().Sub(start))
	defer log.Printf("took %dns", time.Now().UnixNano()-t0)
	defer log.Printf("%v left", time.Until(start.Add(time.Second)))
	defer log.Println("took", float64(time.Since(start))/1e6, "ms")
}
