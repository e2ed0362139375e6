package bot

import (
	"cmp"
	"runtime/debug"

	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/collectors"
)

// registerRuntime adds the series every Go service has: go_* (the
// runtime), process_* (CPU, memory, open files) and tandem_build_info,
// so the usual dashboards and alerts work on Tandem unchanged.
func registerRuntime(reg *prometheus.Registry, version string) {
	reg.MustRegister(collectors.NewGoCollector(),
		collectors.NewProcessCollector(collectors.ProcessCollectorOpts{}),
		buildInfo(version))
}

// buildInfo is tandem_build_info{version,revision} 1. The revision is the
// VCS commit Go stamped into the binary ("unknown" for a build outside a
// checkout, as in a Docker build without .git).
func buildInfo(version string) prometheus.Collector {
	revision := "unknown"
	if bi, ok := debug.ReadBuildInfo(); ok {
		for _, s := range bi.Settings {
			if s.Key == "vcs.revision" && s.Value != "" {
				revision = s.Value
			}
		}
	}
	g := prometheus.NewGauge(prometheus.GaugeOpts{Name: "tandem_build_info",
		Help:        "Always 1: the version and VCS revision of the running binary, in labels.",
		ConstLabels: prometheus.Labels{"version": cmp.Or(version, "dev"), "revision": revision}})
	g.Set(1)
	return g
}
