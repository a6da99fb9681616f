package main

import (
	"context"
	"encoding/json"
	"fmt"

	apierrors "k8s.io/apimachinery/pkg/api/errors"
	"k8s.io/apimachinery/pkg/apis/meta/v1/unstructured"
	"k8s.io/apimachinery/pkg/types"
	ctrl "sigs.k8s.io/controller-runtime"
	"sigs.k8s.io/controller-runtime/pkg/client"
	"sigs.k8s.io/controller-runtime/pkg/controller"
)

// convergeReconciler writes status from spec.name once: one merge patch of the status subresource.
type convergeReconciler struct{ client client.Client }

func (r *convergeReconciler) Reconcile(ctx context.Context, req ctrl.Request) (ctrl.Result, error) {
	demo := newDemo()
	if err := r.client.Get(ctx, req.NamespacedName, demo); err != nil {
		return ctrl.Result{}, client.IgnoreNotFound(err)
	}
	if phase, _, _ := unstructured.NestedString(demo.Object, "status", "phase"); phase == "Ready" {
		return ctrl.Result{}, nil // the echo of our own write
	}
	name, _, _ := unstructured.NestedString(demo.Object, "spec", "name")
	patch, err := json.Marshal(map[string]any{"status": map[string]any{"phase": "Ready", "message": fmt.Sprintf("hello %s", name)}})
	if err != nil {
		return ctrl.Result{}, err
	}
	err = r.client.Status().Patch(ctx, demo, client.RawPatch(types.MergePatchType, patch))
	if apierrors.IsNotFound(err) {
		return ctrl.Result{}, nil
	}
	return ctrl.Result{}, err
}

func runConverge() error {
	manager, err := newManager()
	if err != nil {
		return err
	}
	err = ctrl.NewControllerManagedBy(manager).
		For(newDemo()).
		WithOptions(controller.Options{MaxConcurrentReconciles: workers}).
		Complete(&convergeReconciler{client: manager.GetClient()})
	if err != nil {
		return err
	}
	return manager.Start(ctrl.SetupSignalHandler())
}
