package main

import (
	"io"
	"net/http"
)

// fetchTwice reads each body to its end and leaves Close out on purpose: the test it
// stands for checks that the connection is reused without it.
func fetchTwice(c *http.Client, url string) error {
	for i := 0; i < 2; i++ {
		res, err := c.Get(url)
		if err != nil {
			return err
		}
		// Note: no res.Body.Close call. It should work without it.
		if _, err := io.ReadAll(res.Body); err != nil {
			return err
		}
	}
	return nil
}

func main() {}
