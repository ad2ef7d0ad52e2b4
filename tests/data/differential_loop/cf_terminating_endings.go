package main

import "fmt"

func switchAllContinue(names []string) int {
	n := 0
	for _, name := range names {
		tick("A")
		r := acquire(name)
		defer r.Close() // want: safe
		switch {
		case len(name) > 1:
			r.Use("long")
			continue
		case name == "x":
			return -1
		default:
			n++
			continue
		}
	}
	return n
}

func ifElseBoth(names []string) int {
	n := 0
	for _, name := range names {
		tick("B")
		r := acquire(name)
		defer r.Close() // want: safe
		if name == "stop" {
			break
		} else {
			r.Use("else")
			n++
			continue
		}
	}
	return n
}

func selectEnds(chs []chan int) int {
	total := 0
	for i, ch := range chs {
		tick("C")
		r := acquire(fmt.Sprint("c", i))
		defer r.Close() // want: safe
		select {
		case v := <-ch:
			total += v
			continue
		default:
			r.Use("empty")
			return total
		}
	}
	return total
}

func labelledForEnds(names []string) int {
	n := 0
	for _, name := range names {
		tick("D")
		r := acquire(name)
		defer r.Close() // want: safe
	inner:
		for {
			n++
			if n%3 == 0 {
				break inner
			}
			r.Use(n)
		}
	}
	return n
}

func gotoEnds(names []string) int {
	n := 0
	for _, name := range names {
		tick("E")
		r := acquire(name)
		defer r.Close() // want: safe
		n++
		if name == "out" {
			goto out
		}
		r.Use("not out")
		continue
	}
out:
	return n
}

func main() {
	fmt.Println(switchAllContinue([]string{"ab", "c", "x", "d"}))
	fmt.Println(ifElseBoth([]string{"a", "b", "stop", "c"}))
	a, b := make(chan int, 1), make(chan int)
	a <- 5
	fmt.Println(selectEnds([]chan int{a, b, a}))
	fmt.Println(labelledForEnds([]string{"a", "b"}))
	fmt.Println(gotoEnds([]string{"a", "out", "b"}))
}
