// differential: oracle=same
package main

import (
	"fmt"
	"sync"
)

func main() {
	var locks [3]sync.Mutex
	i := 0
	locks[i].Lock()
	defer locks[i].Lock() // want: none
	locks[0].Unlock()
	fmt.Println("locks[0] is locks[i]: released, taken back at exit")
}
