package main

import (
	"errors"
	"net/http"
)

// The guard is false also when verbose is: then the body stays open.
func guardWithAnotherCondition(c *http.Client, req *http.Request, verbose bool) error {
	resp, err := c.Do(req)
	if err != nil {
		return err
	}
	defer resp.Body.Close()
	if resp.Body != nil && !verbose {
		defer resp.Body.Close()
	}
	if resp.StatusCode != http.StatusOK {
		return errors.New(resp.Status)
	}
	return nil
}

// A nil test of another field says nothing about the body.
func guardOfAnotherField(c *http.Client, req *http.Request) error {
	resp, err := c.Do(req)
	if err != nil {
		return err
	}
	defer resp.Body.Close()
	if resp.Header != nil {
		defer resp.Body.Close()
	}
	return nil
}

func main() {}
