package metrics

import (
	"fmt"
	"log"
	"time"
)

func handle(items []string) {
	start := time.Now()
	status := "ok"
	defer func() { log.Printf("%s: %d items in %v", status, len(items), time.Since(start)) }()
	if len(items) == 0 {
		status = "empty"
	}
	defer func() { log.Print(fmt.Sprint(len(items)), time.Since(start)) }()
}

var requests int

func counted() {
	start := time.Now()
	defer func() { log.Printf("request %d took %v", requests, time.Since(start)) }()
	requests++
}
