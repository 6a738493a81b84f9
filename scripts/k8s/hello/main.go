// hello is the test workload of kboot's offline bundle (image kboot.local/hello:1): an HTTP
// server that answers every GET with the name of the host it runs on, so a request through a
// Service shows which pod answered. It listens on :80, or on :$PORT when PORT is set.
// `hello get URL...` is the client: it prints the body of a GET of each URL, so a check can run
// inside a pod (kubectl exec) with nothing but this binary in the image. Every GET opens a new
// connection, so requests to a Service spread over its pods as separate clients' would.
package main

import (
	"fmt"
	"io"
	"log"
	"net/http"
	"os"
	"time"
)

// get prints the body of a GET of each URL; it exits 1 after the last one if any failed (all are
// tried: under emulation one `kubectl exec` costs more than a dozen requests).
func get(urls []string) {
	client := &http.Client{Timeout: 10 * time.Second, Transport: &http.Transport{DisableKeepAlives: true}}
	failed := false
	for _, url := range urls {
		if err := getOne(client, url); err != nil {
			fmt.Fprintf(os.Stderr, "hello get %s: %v\n", url, err)
			failed = true
		}
	}
	if failed {
		os.Exit(1)
	}
}

func getOne(client *http.Client, url string) error {
	resp, err := client.Get(url)
	if err != nil {
		return err
	}
	defer resp.Body.Close()
	if _, err := io.Copy(os.Stdout, resp.Body); err != nil {
		return err
	}
	if resp.StatusCode != http.StatusOK {
		return fmt.Errorf("HTTP %d", resp.StatusCode)
	}
	return nil
}

func main() {
	if len(os.Args) >= 3 && os.Args[1] == "get" {
		get(os.Args[2:])
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
