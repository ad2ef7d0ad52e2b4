package main

import (
	"context"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"time"
)

func fetchAll(client *http.Client, base string, paths []string) ([]string, error) {
	var bodies []string
	for _, p := range paths {
		ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
		defer cancel() // want: safe
		req, err := http.NewRequestWithContext(ctx, "GET", base+p, nil)
		if err != nil {
			return nil, err
		}
		resp, err := client.Do(req)
		if err != nil {
			return nil, err
		}
		defer resp.Body.Close() // want: safe
		data, err := io.ReadAll(resp.Body)
		if err != nil {
			return nil, err
		}
		bodies = append(bodies, string(data))
	}
	return bodies, nil
}

func writeAll(dir string, names []string) (int, error) {
	n := 0
	for _, name := range names {
		f, err := os.Create(filepath.Join(dir, name))
		if err != nil {
			return n, err
		}
		defer f.Close() // want: unsafe (the temp file's removal under dir decides the body)
		if _, err := fmt.Fprintf(f, "content of %s\n", name); err != nil {
			return n, err
		}
		tmp, err := os.CreateTemp(dir, "tmp")
		if err != nil {
			return n, err
		}
		defer os.Remove(tmp.Name()) // want: unsafe
		defer tmp.Close()           // want: unsafe
		tmp.WriteString("scratch")
		n++
	}
	return n, nil
}

func main() {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		fmt.Fprintf(w, "hello %s", r.URL.Path)
	}))
	defer srv.Close()
	fmt.Println(fetchAll(srv.Client(), srv.URL, []string{"/a", "/b"}))
	dir, err := os.MkdirTemp("", "dl")
	if err != nil {
		panic(err)
	}
	defer os.RemoveAll(dir)
	fmt.Println(writeAll(dir, []string{"x", "y"}))
	entries, _ := os.ReadDir(dir)
	fmt.Println(len(entries))
}
