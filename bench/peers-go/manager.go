package main

import (
	"fmt"
	"os"

	"go.uber.org/zap/zapcore"
	"k8s.io/apimachinery/pkg/apis/meta/v1/unstructured"
	"k8s.io/apimachinery/pkg/runtime/schema"
	ctrl "sigs.k8s.io/controller-runtime"
	"sigs.k8s.io/controller-runtime/pkg/cache"
	"sigs.k8s.io/controller-runtime/pkg/client"
	"sigs.k8s.io/controller-runtime/pkg/log"
	"sigs.k8s.io/controller-runtime/pkg/log/zap"
	metricsserver "sigs.k8s.io/controller-runtime/pkg/metrics/server"
)

// workers matches the floor's 16 concurrent writers.
const workers = 16

var demoKind = schema.GroupVersionKind{Group: "devoops.io", Version: "v1", Kind: "Demo"}

func newDemo() *unstructured.Unstructured {
	u := &unstructured.Unstructured{}
	u.SetGroupVersionKind(demoKind)
	return u
}

// newManager watches only NAMESPACE and serves reads of unstructured objects from its informer
// cache, as a kubebuilder controller does for typed ones (by default controller-runtime sends
// unstructured reads to the apiserver). controller-runtime leaves client-side rate limiting off.
func newManager() (ctrl.Manager, error) {
	namespace := os.Getenv("NAMESPACE")
	if namespace == "" {
		return nil, fmt.Errorf("NAMESPACE is not set")
	}
	log.SetLogger(zap.New(zap.Level(zapcore.ErrorLevel)))
	config, err := ctrl.GetConfig()
	if err != nil {
		return nil, err
	}
	return ctrl.NewManager(config, ctrl.Options{
		Cache:                  cache.Options{DefaultNamespaces: map[string]cache.Config{namespace: {}}},
		Client:                 client.Options{Cache: &client.CacheOptions{Unstructured: true}},
		Metrics:                metricsserver.Options{BindAddress: "0"},
		HealthProbeBindAddress: "0",
		LeaderElection:         false,
	})
}
