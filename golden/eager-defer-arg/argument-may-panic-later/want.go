package metrics

import (
	"log"
	"time"
)

type stats struct {
	Name  string
	Count int
}

func handle(total, parts int, v any, names []string) {
	start := time.Now()
	defer log.Printf("%d per part in %v", total/parts, time.Since(start))
	defer log.Printf("%s in %v", v.(string), time.Since(start))
	defer log.Printf("%s in %v", names[0], time.Since(start))
	defer func() { log.Printf("%v in %v", stats{Name: "x", Count: total}, time.Since(start)) }()
	defer func() { log.Printf("%v in %v", map[string]int{"a": total / 2}, time.Since(start)) }()
}
