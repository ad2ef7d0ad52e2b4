package server

import (
	"log"
	"net/http"
	"time"
)

type server struct{ name string }

func (s *server) handle(w http.ResponseWriter, r *http.Request) {
	start := time.Now()
	defer log.Printf("%s %s took %v", s.name, r.URL.Path, time.Since(start))
	w.WriteHeader(http.StatusOK)
}
