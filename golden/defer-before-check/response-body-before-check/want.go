package client

import (
	"io"
	"net/http"
)

func fetch(c *http.Client, url string) ([]byte, error) {
	resp, err := c.Get(url)
	if err != nil {
		return nil, err
	}
	// the body must be closed
	defer resp.Body.Close() // always
	return io.ReadAll(resp.Body)
}

func fetchAll(c *http.Client, urls []string) (n int, err error) {
	for _, url := range urls {
		var resp *http.Response
		resp, err = c.Get(url)
		if err != nil {
			continue
		}
		defer resp.Body.Close()
		n++
	}
	return n, nil
}
