// differential: prelude=eda oracle=same unsafe=changes
package main

import (
	"fmt"
	"time"
)

func count() (n int) {
	start := time.Now()
	defer report(time.Since(start), "n", n) // want: unsafe
	pause()
	return 5
}

func main() {
	fmt.Println(count())
}
