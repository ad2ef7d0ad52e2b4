package client

import (
	"io"
	"net/http"
)

func fetch(c *http.Client, url string) ([]byte, error) {
	resp, err := c.Get(url)
	// the body must be closed
	defer resp.Body.Close() // always
	if err != nil {
		return nil, err
	}
	return io.ReadAll(resp.Body)
}

func fetchAll(c *http.Client, urls []string) (n int, err error) {
	for _, url := range urls {
		var resp *http.Response
		resp, err = c.Get(url)
		defer resp.Body.Close()
		if err != nil {
			continue
		}
		n++
	}
	return n, nil
}
