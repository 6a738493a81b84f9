// patch-cases applies each case of a YAML file with kubeadm's own patches package (the code
// `kubeadm init --patches` runs: CreatePatchSet, then PatchManager.ApplyPatchesToTarget with the
// target's Go type as the strategic merge schema) and writes what came out, or the error, as JSON:
// the oracle for kboot's port of strategic merge, merge and JSON patches (PatchCasesTest).
//
// Usage: patch-cases CASES.yaml OUT.json
// A case is {name, target, type: strategic|merge|json, original: <object>, patch: <YAML text>}.
package main

import (
	"encoding/json"
	"fmt"
	"io"
	"os"

	appsv1 "k8s.io/api/apps/v1"
	corev1 "k8s.io/api/core/v1"
	"k8s.io/apimachinery/pkg/types"
	kubeletconfig "k8s.io/kubelet/config/v1beta1"
	"k8s.io/kubernetes/cmd/kubeadm/app/util/patches"
	"sigs.k8s.io/yaml"
)

type patchCase struct {
	Name     string          `json:"name"`
	Target   string          `json:"target"`
	Type     string          `json:"type"`
	Original json.RawMessage `json:"original"`
	Patch    string          `json:"patch"`
}

type outcome struct {
	Name   string          `json:"name"`
	Result json.RawMessage `json:"result,omitempty"`
	Error  string          `json:"error,omitempty"`
}

var patchTypes = map[string]types.PatchType{
	"strategic": types.StrategicMergePatchType,
	"merge":     types.MergePatchType,
	"json":      types.JSONPatchType,
}

// The struct kubeadm gives each target as its strategic merge schema.
func schema(target string) interface{} {
	switch target {
	case patches.KubeletConfiguration:
		return kubeletconfig.KubeletConfiguration{}
	case patches.CoreDNSDeployment:
		return appsv1.Deployment{}
	default:
		return corev1.Pod{}
	}
}

func main() {
	if len(os.Args) != 3 {
		fmt.Fprintln(os.Stderr, "usage: patch-cases CASES.yaml OUT.json")
		os.Exit(2)
	}
	data, err := os.ReadFile(os.Args[1])
	if err != nil {
		panic(err)
	}
	var cases []patchCase
	if err := yaml.UnmarshalStrict(data, &cases); err != nil {
		panic(err)
	}
	var outcomes []outcome
	for _, c := range cases {
		patchType, ok := patchTypes[c.Type]
		if !ok {
			panic("case " + c.Name + ": unknown type " + c.Type)
		}
		o := outcome{Name: c.Name}
		set, err := patches.CreatePatchSet(c.Target, patchType, c.Patch)
		if err == nil {
			manager := patches.NewPatchManager([]*patches.PatchSet{set}, patches.KnownTargets(), io.Discard)
			target := &patches.PatchTarget{Name: c.Target, StrategicMergePatchObject: schema(c.Target), Data: c.Original}
			if err = manager.ApplyPatchesToTarget(target); err == nil {
				o.Result = target.Data
			}
		}
		if err != nil {
			o.Error = err.Error()
		}
		outcomes = append(outcomes, o)
	}
	out, err := json.MarshalIndent(outcomes, "", "  ")
	if err != nil {
		panic(err)
	}
	if err := os.WriteFile(os.Args[2], append(out, '\n'), 0o644); err != nil {
		panic(err)
	}
}
