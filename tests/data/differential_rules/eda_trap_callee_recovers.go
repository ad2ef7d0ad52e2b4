// differential: oracle=same unsafe=changes
package main

import (
	"fmt"
	"time"
)

func elapsed(d time.Duration) string {
	if d >= 25*time.Millisecond {
		return "elapsed=long"
	}
	return "elapsed=short"
}

func report(d time.Duration, args ...any) { fmt.Println(append([]any{elapsed(d)}, args...)...) }

func pause() { time.Sleep(50 * time.Millisecond) }

func finish(d time.Duration, name string) {
	if r := recover(); r != nil {
		fmt.Println(name, "recovered", r)
	}
	fmt.Println(name, elapsed(d))
}

func run() {
	start := time.Now()
	defer finish(time.Since(start), "run") // want: unsafe
	pause()
	panic("boom")
}

func main() {
	defer func() { fmt.Println("main recovered:", recover()) }()
	run()
	fmt.Println("after run")
}
