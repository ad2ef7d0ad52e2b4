package main

import (
	"fmt"
	"io"
	"net/http"
)

// ping drains the body so that the connection could be reused, but io.Copy does not close it.
func ping(client *http.Client, url string) (int, error) {
	req, err := http.NewRequest(http.MethodGet, url, nil)
	if err != nil {
		return 0, err
	}
	resp, err := client.Do(req)
	if err != nil {
		return 0, err
	}
	if _, err := io.Copy(io.Discard, resp.Body); err != nil {
		return 0, err
	}
	return resp.StatusCode, nil
}

func main() {
	srv, client := newServer()
	fmt.Println(ping(client, srv.URL+"/ok"))
	fmt.Println(ping(client, srv.URL+"/missing"))
	reportBodies()
}
