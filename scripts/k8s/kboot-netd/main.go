// kboot-netd is kboot's built-in pod network for clusters without a CNI manifest (offline labs):
// every node gets the standard CNI bridge + host-local plugins for its own pod CIDR
// (node.spec.podCIDR, allocated by the controller manager), and a route to every other node's
// pod CIDR via that node's InternalIP. That is flannel's host-gw mode: it needs the nodes to
// share one L2 network, which a lab or a rack does.
//
// It runs as a privileged hostNetwork DaemonSet with the host's root at /host. It reads its
// service-account credentials first, then chroots into the host so `ip` is the host's own.
// Only the standard library: the binary is static and small.
package main

import (
	"crypto/tls"
	"crypto/x509"
	"encoding/json"
	"fmt"
	"log"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"time"
)

const (
	saDir      = "/var/run/secrets/kubernetes.io/serviceaccount"
	confPath   = "/etc/cni/net.d/10-kboot.conflist"
	syncPeriod = 10 * time.Second
)

type nodeList struct {
	Items []struct {
		Metadata struct {
			Name string `json:"name"`
		} `json:"metadata"`
		Spec struct {
			PodCIDR string `json:"podCIDR"`
		} `json:"spec"`
		Status struct {
			Addresses []struct {
				Type    string `json:"type"`
				Address string `json:"address"`
			} `json:"addresses"`
		} `json:"status"`
	} `json:"items"`
}

func main() {
	nodeName := os.Getenv("NODE_NAME")
	server := os.Getenv("APISERVER")
	root := envOr("HOST_ROOT", "/host")
	if nodeName == "" || server == "" {
		log.Fatal("NODE_NAME and APISERVER must be set")
	}
	token, err := os.ReadFile(filepath.Join(saDir, "token"))
	if err != nil {
		log.Fatalf("reading the service account token: %v", err)
	}
	ca, err := os.ReadFile(filepath.Join(saDir, "ca.crt"))
	if err != nil {
		log.Fatalf("reading the cluster CA: %v", err)
	}
	pool := x509.NewCertPool()
	pool.AppendCertsFromPEM(ca)
	client := &http.Client{Timeout: 10 * time.Second, Transport: &http.Transport{TLSClientConfig: &tls.Config{RootCAs: pool}}}
	if root != "/" {
		if err := syscall.Chroot(root); err != nil {
			log.Fatalf("chroot %s: %v", root, err)
		}
		if err := os.Chdir("/"); err != nil {
			log.Fatal(err)
		}
	}
	log.Printf("kboot-netd on %s, API server %s", nodeName, server)
	for {
		if err := sync(client, server, strings.TrimSpace(string(token)), nodeName); err != nil {
			log.Printf("sync: %v", err)
		}
		time.Sleep(syncPeriod)
	}
}

func sync(client *http.Client, server, token, self string) error {
	req, _ := http.NewRequest("GET", server+"/api/v1/nodes", nil)
	req.Header.Set("Authorization", "Bearer "+token)
	resp, err := client.Do(req)
	if err != nil {
		return err
	}
	defer resp.Body.Close()
	if resp.StatusCode != 200 {
		return fmt.Errorf("list nodes: HTTP %d", resp.StatusCode)
	}
	var nodes nodeList
	if err := json.NewDecoder(resp.Body).Decode(&nodes); err != nil {
		return err
	}
	for _, n := range nodes.Items {
		if n.Spec.PodCIDR == "" {
			continue
		}
		if n.Metadata.Name == self {
			if err := writeConf(n.Spec.PodCIDR); err != nil {
				return err
			}
			continue
		}
		for _, a := range n.Status.Addresses {
			if a.Type == "InternalIP" && !strings.Contains(a.Address, ":") {
				out, err := exec.Command("ip", "route", "replace", n.Spec.PodCIDR, "via", a.Address).CombinedOutput()
				if err != nil {
					log.Printf("route %s via %s: %v: %s", n.Spec.PodCIDR, a.Address, err, out)
				}
			}
		}
	}
	return nil
}

func writeConf(podCIDR string) error {
	conf := fmt.Sprintf(`{
  "cniVersion": "1.0.0",
  "name": "kboot",
  "plugins": [
    {
      "type": "bridge",
      "bridge": "cni0",
      "isGateway": true,
      "ipMasq": true,
      "hairpinMode": true,
      "ipam": {
        "type": "host-local",
        "ranges": [[{"subnet": %q}]],
        "routes": [{"dst": "0.0.0.0/0"}]
      }
    },
    {"type": "portmap", "capabilities": {"portMappings": true}}
  ]
}
`, podCIDR)
	if old, err := os.ReadFile(confPath); err == nil && string(old) == conf {
		return nil
	}
	if err := os.MkdirAll(filepath.Dir(confPath), 0o755); err != nil {
		return err
	}
	tmp := confPath + ".tmp"
	if err := os.WriteFile(tmp, []byte(conf), 0o644); err != nil {
		return err
	}
	log.Printf("writing %s for pod CIDR %s", confPath, podCIDR)
	return os.Rename(tmp, confPath)
}

func envOr(name, fallback string) string {
	if v := os.Getenv(name); v != "" {
		return v
	}
	return fallback
}
