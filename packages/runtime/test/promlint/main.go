// Reads a Prometheus text exposition on stdin, parses it with the Prometheus project's own parser
// (expfmt) and checks metric names and help against its conventions (promlint, as `promtool check
// metrics` does). Prints one JSON document: the families found and the problems; exits 1 when the
// text does not parse.
package main

import (
	"encoding/json"
	"fmt"
	"os"

	"github.com/prometheus/client_golang/prometheus/testutil/promlint"
	dto "github.com/prometheus/client_model/go"
	"github.com/prometheus/common/expfmt"
	"github.com/prometheus/common/model"
)

type family struct {
	Name    string   `json:"name"`
	Type    string   `json:"type"`
	Samples int      `json:"samples"`
	Labels  []string `json:"labels"`
}

type report struct {
	Families []family `json:"families"`
	Problems []string `json:"problems"`
}

func main() {
	parser := expfmt.NewTextParser(model.UTF8Validation)
	families, err := parser.TextToMetricFamilies(os.Stdin)
	if err != nil {
		fmt.Fprintln(os.Stderr, "parse error:", err)
		os.Exit(1)
	}
	var list []*dto.MetricFamily
	out := report{Families: []family{}, Problems: []string{}}
	for _, f := range families {
		list = append(list, f)
		seen := map[string]bool{}
		labels := []string{}
		for _, m := range f.GetMetric() {
			for _, l := range m.GetLabel() {
				if !seen[l.GetName()] {
					seen[l.GetName()] = true
					labels = append(labels, l.GetName())
				}
			}
		}
		out.Families = append(out.Families, family{Name: f.GetName(), Type: f.GetType().String(), Samples: len(f.GetMetric()), Labels: labels})
	}
	problems, err := promlint.NewWithMetricFamilies(list).Lint()
	if err != nil {
		fmt.Fprintln(os.Stderr, "lint error:", err)
		os.Exit(1)
	}
	for _, p := range problems {
		out.Problems = append(out.Problems, p.Metric+": "+p.Text)
	}
	json.NewEncoder(os.Stdout).Encode(out)
}
