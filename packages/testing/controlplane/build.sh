#!/usr/bin/env bash
# Builds etcd, kube-apiserver and kube-controller-manager into $1 (default ./bin).
set -euo pipefail
cd "$(dirname "$0")"
out="${1:-bin}"
mkdir -p "$out"
v=v1.37.2
ld="-s -w -X k8s.io/component-base/version.gitVersion=$v -X k8s.io/component-base/version.gitMajor=1 -X k8s.io/component-base/version.gitMinor=37 -X k8s.io/client-go/pkg/version.gitVersion=$v -X k8s.io/client-go/pkg/version.gitMajor=1 -X k8s.io/client-go/pkg/version.gitMinor=37"
export CGO_ENABLED=0
step() { echo "[control-plane] $*" >&2; }
step "downloading modules"; go mod download
step "building etcd (about 1 min on 2 cores)"; go build -trimpath -ldflags "-s -w" -o "$out/etcd.tmp" go.etcd.io/etcd/server/v3 && mv "$out/etcd.tmp" "$out/etcd"
step "building kube-apiserver (about 4 min)"; go build -trimpath -ldflags "$ld" -o "$out/kube-apiserver.tmp" k8s.io/kubernetes/cmd/kube-apiserver && mv "$out/kube-apiserver.tmp" "$out/kube-apiserver"
step "building kube-controller-manager (about 1.5 min)"; go build -trimpath -ldflags "$ld" -o "$out/kube-controller-manager.tmp" k8s.io/kubernetes/cmd/kube-controller-manager && mv "$out/kube-controller-manager.tmp" "$out/kube-controller-manager"
step "done: $out"
