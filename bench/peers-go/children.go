package main

import (
	"context"

	corev1 "k8s.io/api/core/v1"
	corev1apply "k8s.io/client-go/applyconfigurations/core/v1"
	metav1apply "k8s.io/client-go/applyconfigurations/meta/v1"
	ctrl "sigs.k8s.io/controller-runtime"
	"sigs.k8s.io/controller-runtime/pkg/client"
	"sigs.k8s.io/controller-runtime/pkg/controller"
)

const fieldManager = "bench-children"

// childrenReconciler keeps one ConfigMap per Demo, owned by it (controller reference), by
// server-side apply on every reconcile: a Demo event or, through Owns(), any event of its ConfigMap.
type childrenReconciler struct{ client client.Client }

func (r *childrenReconciler) Reconcile(ctx context.Context, req ctrl.Request) (ctrl.Result, error) {
	demo := newDemo()
	if err := r.client.Get(ctx, req.NamespacedName, demo); err != nil {
		return ctrl.Result{}, client.IgnoreNotFound(err)
	}
	child := corev1apply.ConfigMap(demo.GetName(), demo.GetNamespace()).
		WithOwnerReferences(metav1apply.OwnerReference().
			WithAPIVersion(demoKind.GroupVersion().String()).
			WithKind(demoKind.Kind).
			WithName(demo.GetName()).
			WithUID(demo.GetUID()).
			WithController(true).
			WithBlockOwnerDeletion(true)).
		WithData(map[string]string{"greeting": "hello"})
	return ctrl.Result{}, r.client.Apply(ctx, child, client.FieldOwner(fieldManager), client.ForceOwnership)
}

func runChildren() error {
	manager, err := newManager()
	if err != nil {
		return err
	}
	err = ctrl.NewControllerManagedBy(manager).
		For(newDemo()).
		Owns(&corev1.ConfigMap{}).
		WithOptions(controller.Options{MaxConcurrentReconciles: workers}).
		Complete(&childrenReconciler{client: manager.GetClient()})
	if err != nil {
		return err
	}
	return manager.Start(ctrl.SetupSignalHandler())
}
