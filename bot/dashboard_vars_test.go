package bot

import (
	"encoding/json"
	"os"
	"regexp"
	"testing"
)

// The dashboard has job and instance variables, and every series it
// queries is filtered by them, so one Grafana serves several Tandems.
func TestGrafanaDashboardFiltersByJobAndInstance(t *testing.T) {
	data, err := os.ReadFile("../docs/grafana-dashboard.json")
	if err != nil {
		t.Fatal(err)
	}
	var dash struct {
		Templating struct {
			List []struct{ Name string } `json:"list"`
		} `json:"templating"`
		Panels []struct {
			Title   string `json:"title"`
			Targets []struct {
				Expr string `json:"expr"`
			} `json:"targets"`
		} `json:"panels"`
	}
	if err := json.Unmarshal(data, &dash); err != nil {
		t.Fatal(err)
	}
	vars := map[string]bool{}
	for _, v := range dash.Templating.List {
		vars[v.Name] = true
	}
	if !vars["job"] || !vars["instance"] {
		t.Errorf("variables: %v, want job and instance", vars)
	}
	series := regexp.MustCompile(`tandem_[a-z_]+(\{[^}]*\})?`)
	for _, p := range dash.Panels {
		for _, tg := range p.Targets {
			for _, m := range series.FindAllStringSubmatch(tg.Expr, -1) {
				if m[1] != `{job=~"$job", instance=~"$instance"}` {
					t.Errorf("panel %q: %s is not filtered by job and instance", p.Title, m[0])
				}
			}
		}
	}
}
