package main

import (
	"errors"
	"log"
	"net/http"
)

// The return under the nil test leaves nothing open: there is no response to close
// (net/http/serve_test.go's shape). The defer after it covers every other path.
func nilTestThenDefer(c *http.Client, url string) error {
	res, err := c.Get(url)
	if err != nil {
		return err
	}
	if res == nil {
		log.Print("got nil Response")
		return errors.New("nil response")
	}
	defer res.Body.Close()
	return nil
}

// Of the value or of the field that is closed, joined by ||, or negated.
func nilTestOfTheBody(c *http.Client, url string) error {
	res, err := c.Get(url)
	if err != nil {
		return err
	}
	if res == nil || res.Body == nil {
		return errors.New("no body")
	}
	defer res.Body.Close()
	if !(res.Body != nil) {
		return nil
	}
	return nil
}

func main() {}
