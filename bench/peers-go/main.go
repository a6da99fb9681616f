// controller-runtime peers of the benches, one binary: `converge` (bench/converge), `children`
// (bench/children), `churn` (bench/churn) and `webhook` (bench/webhook). Each reads KUBECONFIG and watches only NAMESPACE,
// like the other peers.
package main

import (
	"fmt"
	"os"
)

func main() {
	if len(os.Args) != 2 {
		fmt.Fprintln(os.Stderr, "usage: peers-go converge|children|churn|webhook   (KUBECONFIG and NAMESPACE from the environment)")
		os.Exit(2)
	}
	var err error
	switch os.Args[1] {
	case "converge":
		err = runConverge()
	case "children":
		err = runChildren()
	case "churn":
		err = runChurn()
	case "webhook":
		err = runWebhook()
	default:
		err = fmt.Errorf("unknown bench %q: want converge, children, churn or webhook", os.Args[1])
	}
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
}
