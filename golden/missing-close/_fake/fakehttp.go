package main

// A loopback HTTP server (net/http/httptest) and a client whose transport wraps each
// response body, so that reportBodies prints how many bodies were never closed.

import (
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"sync"
)

type countingTransport struct {
	mu   sync.Mutex
	open int
}

type countedBody struct {
	io.ReadCloser
	t    *countingTransport
	once sync.Once
}

func (b *countedBody) Close() error {
	b.once.Do(func() { b.t.mu.Lock(); b.t.open--; b.t.mu.Unlock() })
	return b.ReadCloser.Close()
}

func (t *countingTransport) RoundTrip(req *http.Request) (*http.Response, error) {
	resp, err := http.DefaultTransport.RoundTrip(req)
	if err != nil {
		return nil, err
	}
	t.mu.Lock()
	t.open++
	t.mu.Unlock()
	resp.Body = &countedBody{ReadCloser: resp.Body, t: t}
	return resp, nil
}

var transport = &countingTransport{}

// newServer serves /ok (200, "hello") and anything else as 404; its client counts bodies.
func newServer() (*httptest.Server, *http.Client) {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path != "/ok" {
			http.NotFound(w, r)
			return
		}
		fmt.Fprint(w, "hello")
	}))
	return srv, &http.Client{Transport: transport}
}

// reportBodies prints how many response bodies are still open.
func reportBodies() {
	transport.mu.Lock()
	defer transport.mu.Unlock()
	fmt.Printf("open: %d response bodies\n", transport.open)
}
