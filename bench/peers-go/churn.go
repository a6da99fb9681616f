package main

import (
	"context"
	"fmt"
	"os"
	"strconv"
	"strings"
	"sync"
	"time"

	"k8s.io/apimachinery/pkg/apis/meta/v1/unstructured"
	ctrl "sigs.k8s.io/controller-runtime"
	"sigs.k8s.io/controller-runtime/pkg/client"
	"sigs.k8s.io/controller-runtime/pkg/controller"
)

// latencyLog appends "<name> <stamp> <latency ms>" lines to LATENCY_FILE for the first reconcile
// that sees each stamp (bench/churn writes spec.name as "<name>.<wall-clock ms>").
type latencyLog struct {
	mu   sync.Mutex
	last map[string]int64
	file *os.File
}

func (l *latencyLog) seen(name, specName string, now int64) {
	dot := strings.LastIndexByte(specName, '.')
	if dot < 0 {
		return
	}
	stamp, err := strconv.ParseInt(specName[dot+1:], 10, 64)
	if err != nil {
		return
	}
	l.mu.Lock()
	defer l.mu.Unlock()
	if stamp <= l.last[name] {
		return
	}
	l.last[name] = stamp
	fmt.Fprintf(l.file, "%s %d %d\n", name, stamp, now-stamp)
}

// churnReconciler is convergeReconciler plus, at its start, the latency of the stamp in spec.name.
type churnReconciler struct {
	convergeReconciler
	latencies *latencyLog
}

func (r *churnReconciler) Reconcile(ctx context.Context, req ctrl.Request) (ctrl.Result, error) {
	now := time.Now().UnixMilli()
	demo := newDemo()
	if err := r.client.Get(ctx, req.NamespacedName, demo); err != nil {
		return ctrl.Result{}, client.IgnoreNotFound(err)
	}
	if name, _, _ := unstructured.NestedString(demo.Object, "spec", "name"); name != "" {
		r.latencies.seen(req.Name, name, now)
	}
	return r.convergeReconciler.Reconcile(ctx, req)
}

func runChurn() error {
	path := os.Getenv("LATENCY_FILE")
	if path == "" {
		return fmt.Errorf("LATENCY_FILE is not set")
	}
	file, err := os.OpenFile(path, os.O_CREATE|os.O_APPEND|os.O_WRONLY, 0o644)
	if err != nil {
		return err
	}
	defer file.Close()
	manager, err := newManager()
	if err != nil {
		return err
	}
	err = ctrl.NewControllerManagedBy(manager).
		For(newDemo()).
		WithOptions(controller.Options{MaxConcurrentReconciles: workers}).
		Complete(&churnReconciler{
			convergeReconciler: convergeReconciler{client: manager.GetClient()},
			latencies:          &latencyLog{last: map[string]int64{}, file: file},
		})
	if err != nil {
		return err
	}
	return manager.Start(ctrl.SetupSignalHandler())
}
