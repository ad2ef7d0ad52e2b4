package main

import "fmt"

func retry(names []string) (tries int) {
again:
	tries++
	for _, name := range names {
		tick("L")
		r, err := acquireErr(name)
		if err != nil {
			fmt.Println("error, done")
			goto done
		}
		defer r.Close() // want: safe
		if name == "retry" && tries < 3 {
			r.Use("retrying")
			goto again
		}
		r.Use(tries)
	}
done:
	fmt.Println("tries", tries)
	return tries
}

func main() {
	fmt.Println(retry([]string{"a", "retry", "b"}))
	fmt.Println(retry([]string{"a", "bad", "b"}))
}
