package main

import (
	"errors"
	"net/http"
)

// The return is taken also when strict is set and the response is live: it leaves the
// body open, so this is a finding (|| with a condition that is not a nil test).
func nilTestOrAnotherCondition(c *http.Client, url string, strict bool) error {
	res, err := c.Get(url)
	if err != nil {
		return err
	}
	defer res.Body.Close()
	if res == nil || strict {
		return errors.New("refused")
	}
	return nil
}

// A nil test of another field says nothing about the body.
func nilTestOfAnotherField(c *http.Client, url string) error {
	res, err := c.Get(url)
	if err != nil {
		return err
	}
	defer res.Body.Close()
	if res.Header == nil {
		return errors.New("no header")
	}
	return nil
}

func main() {}
