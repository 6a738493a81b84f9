// etcd-join writes the etcd static Pod manifest kubeadm writes on a control plane that joins an
// existing etcd cluster. kubeadm only gets there after MemberAdd against a live cluster (a dry run
// renders the init variant), so this calls the same kubeadm code, GetEtcdPodSpec and
// WriteStaticPodToDisk, with the member list MemberAdd would have returned.
//
// Usage: etcd-join CONFIG OUTDIR NODE ADVERTISE-ADDRESS NAME=PEER-URL...
// CONFIG is the InitConfiguration/ClusterConfiguration the cluster was made with (a joining node
// reads the same ClusterConfiguration from kubeadm-config); NODE/ADVERTISE-ADDRESS are the
// joining node's; the members are listed in the order MemberAdd returned them, the new one included.
package main

import (
	"fmt"
	"os"
	"strings"

	kubeadmapi "k8s.io/kubernetes/cmd/kubeadm/app/apis/kubeadm"
	kubeadmconstants "k8s.io/kubernetes/cmd/kubeadm/app/constants"
	etcdphase "k8s.io/kubernetes/cmd/kubeadm/app/phases/etcd"
	configutil "k8s.io/kubernetes/cmd/kubeadm/app/util/config"
	etcdutil "k8s.io/kubernetes/cmd/kubeadm/app/util/etcd"
	staticpodutil "k8s.io/kubernetes/cmd/kubeadm/app/util/staticpod"
)

func main() {
	if len(os.Args) < 6 {
		fmt.Fprintln(os.Stderr, "usage: etcd-join CONFIG OUTDIR NODE ADVERTISE-ADDRESS NAME=PEER-URL...")
		os.Exit(2)
	}
	// As `kubeadm init --config` loads it: defaults applied, active timeouts set.
	cfg, err := configutil.LoadOrDefaultInitConfiguration(os.Args[1], nil, nil,
		configutil.LoadOrDefaultConfigurationOptions{SkipCRIDetect: true})
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	endpoint := &kubeadmapi.APIEndpoint{AdvertiseAddress: os.Args[4], BindPort: cfg.LocalAPIEndpoint.BindPort}
	var members []etcdutil.Member
	for _, m := range os.Args[5:] {
		name, peerURL, ok := strings.Cut(m, "=")
		if !ok {
			fmt.Fprintf(os.Stderr, "member %q is not NAME=PEER-URL\n", m)
			os.Exit(2)
		}
		members = append(members, etcdutil.Member{Name: name, PeerURL: peerURL})
	}
	pod := etcdphase.GetEtcdPodSpec(&cfg.ClusterConfiguration, endpoint, os.Args[3], members)
	if err := staticpodutil.WriteStaticPodToDisk(kubeadmconstants.Etcd, os.Args[2], pod); err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
}
