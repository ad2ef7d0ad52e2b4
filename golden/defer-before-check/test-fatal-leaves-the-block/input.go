package fetch

import (
	"net/http"
	"testing"
)

// t.Fatal never returns (runtime.Goexit): the block always leaves.
func checkGet(t *testing.T, url string) {
	resp, err := http.Get(url)
	defer resp.Body.Close()
	if err != nil {
		t.Fatal(err)
	}
}

func checkGetTB(tb testing.TB, url string) {
	resp, err := http.Get(url)
	defer resp.Body.Close()
	if err != nil {
		tb.Fatalf("get: %v", err)
	}
}

// A Fatal of some other type may return: report only.
type logger struct{}

func (logger) Fatal(args ...any) {}

func checkGetLogged(t logger, url string) {
	resp, err := http.Get(url)
	defer resp.Body.Close()
	if err != nil {
		t.Fatal(err)
	}
}
