// hello is the test workload of kboot's offline bundle (image kboot.local/hello:1): an HTTP
// server that answers every GET with the name of the host it runs on, so a request through a
// Service shows which pod answered. It listens on :80, or on :$PORT when PORT is set.
package main

import (
	"fmt"
	"log"
	"net/http"
	"os"
)

func main() {
	name, err := os.Hostname()
	if err != nil {
		log.Fatalf("hello: cannot read the hostname: %v", err)
	}
	port := os.Getenv("PORT")
	if port == "" {
		port = "80"
	}
	http.HandleFunc("/", func(w http.ResponseWriter, r *http.Request) {
		if r.Method != http.MethodGet && r.Method != http.MethodHead {
			w.Header().Set("Allow", "GET, HEAD")
			http.Error(w, "method not allowed", http.StatusMethodNotAllowed)
			return
		}
		w.Header().Set("Content-Type", "text/plain; charset=utf-8")
		fmt.Fprintln(w, name)
	})
	log.Printf("hello: %s listening on :%s", name, port)
	log.Fatal(http.ListenAndServe(":"+port, nil))
}
