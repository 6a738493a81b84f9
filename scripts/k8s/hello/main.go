// hello is the test workload of kboot's offline bundle (image kboot.local/hello:1): an HTTP
// server that answers every GET with the name of the host it runs on, so a request through a
// Service shows which pod answered. It listens on :80, or on :$PORT when PORT is set.
// `hello get URL` is the client: it prints the body of a GET, so a check can run inside a pod
// (kubectl exec) with nothing but this binary in the image.
package main

import (
	"fmt"
	"io"
	"log"
	"net/http"
	"os"
	"time"
)

func get(url string) {
	client := &http.Client{Timeout: 10 * time.Second}
	resp, err := client.Get(url)
	if err != nil {
		fmt.Fprintf(os.Stderr, "hello get: %v\n", err)
		os.Exit(1)
	}
	defer resp.Body.Close()
	if _, err := io.Copy(os.Stdout, resp.Body); err != nil || resp.StatusCode != http.StatusOK {
		fmt.Fprintf(os.Stderr, "hello get: HTTP %d %v\n", resp.StatusCode, err)
		os.Exit(1)
	}
}

func main() {
	if len(os.Args) == 3 && os.Args[1] == "get" {
		get(os.Args[2])
		return
	}
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
