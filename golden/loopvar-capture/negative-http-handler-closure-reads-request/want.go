package cases

import (
	"log"
	"net/http"
)

func register(mux *http.ServeMux, paths []string) {
	for _, path := range paths {
		mux.HandleFunc(path, func(w http.ResponseWriter, r *http.Request) {
			defer func() { log.Println(r.Method, r.URL.Path) }()
			w.WriteHeader(http.StatusOK)
		})
	}
}
