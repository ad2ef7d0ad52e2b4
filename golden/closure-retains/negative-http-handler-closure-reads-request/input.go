package cases

import (
	"log"
	"net/http"
)

func handler(w http.ResponseWriter, r *http.Request) {
	defer func() { log.Println(r.Method, r.URL.Path, len(r.Header)) }()
	w.WriteHeader(http.StatusNoContent)
}
