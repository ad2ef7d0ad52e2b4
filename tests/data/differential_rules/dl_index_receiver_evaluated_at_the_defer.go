// differential: oracle=file
package main

import (
	"fmt"
	"sync"
)

type shard struct {
	mu sync.Mutex
	n  int
}

func bump(shards []shard) {
	for i := 0; i < len(shards); i++ {
		func() {
			shards[i].mu.Lock()
			defer shards[i].mu.Lock() // want: safe
			shards[i].n++
			i += 0
		}()
	}
}

func main() {
	s := make([]shard, 2)
	bump(s)
	bump(s)
	fmt.Println(s[0].n, s[1].n)
}
