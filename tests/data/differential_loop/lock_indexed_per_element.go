package main

import "fmt"

var table = map[string]*Lock{"a": {name: "a"}, "b": {name: "b"}}

func lockFor(key string) *Lock { return table[key] }

// A different lock each iteration (an element, or a lookup by the loop variable): the
// original holds every one until the function returns, on purpose; nothing deadlocks.
func run(locks []Lock, keys []string) {
	for i := range locks {
		tick("L")
		locks[i].Lock()
		defer locks[i].Unlock() // want: none
		fmt.Println("holding", i)
	}
	for _, k := range keys {
		tick("M")
		lockFor(k).Lock()
		defer lockFor(k).Unlock() // want: none
		fmt.Println("holding", k)
	}
	fmt.Println("all held:", locks[0].Held(), locks[1].Held(), table["a"].Held(), table["b"].Held())
}

func main() {
	run([]Lock{{name: "0"}, {name: "1"}}, []string{"a", "b"})
	last([]string{"x", "y"})
	lookedUp([]string{"x"})
}

var byName = map[string]*Lock{"x": {name: "x"}, "y": {name: "y"}}

func current() *Lock { return byName["x"] }

// The loop is the last statement: nothing runs under the locks after it.
func last(keys []string) {
	for _, k := range keys {
		tick("N")
		byName[k].Lock()
		defer byName[k].Unlock() // want: none
		fmt.Println("holding", k)
	}
}

func lookedUp(keys []string) {
	for range keys {
		tick("O")
		current().Lock()
		defer current().Unlock() // want: unsafe
		fmt.Println("holding current")
	}
}
