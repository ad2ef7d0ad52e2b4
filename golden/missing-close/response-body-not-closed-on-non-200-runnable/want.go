package main

import (
	"fmt"
	"io"
	"net/http"
)

// fetch closes the body of a 200 response only; any other status returns with it open.
func fetch(client *http.Client, url string) (string, error) {
	resp, err := client.Get(url)
	if err != nil {
		return "", err
	}
	defer resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		return "", fmt.Errorf("status %d", resp.StatusCode)
	}
	body, err := io.ReadAll(resp.Body)
	return string(body), err
}

func main() {
	srv, client := newServer()
	fmt.Println(fetch(client, srv.URL+"/ok"))
	fmt.Println(fetch(client, srv.URL+"/missing"))
	reportBodies()
}
