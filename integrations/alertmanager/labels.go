package alertmanager

import "github.com/tandemhq/tandem/incident"

// service is the first of names found in commonLabels, else in groupLabels,
// else in the first alert's labels. Common labels come first because they
// hold for every alert; the first alert is a last resort for a route that
// groups across services.
func (p Payload) service(names []string) string {
	sets := []map[string]string{p.CommonLabels, p.GroupLabels}
	if len(p.Alerts) > 0 {
		sets = append(sets, p.Alerts[0].Labels)
	}
	for _, labels := range sets {
		for _, n := range names {
			if v := labels[n]; v != "" {
				return v
			}
		}
	}
	return ""
}

// severity is the severity every alert shares, else the most severe any
// alert carries, else 0 (the service default applies).
func (p Payload) severity(names []string) incident.Severity {
	if s := labelSeverity(p.CommonLabels, names); s != 0 {
		return s
	}
	var worst incident.Severity
	for _, a := range p.Alerts {
		s := labelSeverity(a.Labels, names)
		if s != 0 && (worst == 0 || s < worst) {
			worst = s
		}
	}
	return worst
}

// labelSeverity returns the first of names whose value ParseSeverity knows.
// An unknown value is skipped, not an error: a label such as severity="page"
// belongs to the source's conventions, and the service default is a safe
// answer.
func labelSeverity(labels map[string]string, names []string) incident.Severity {
	for _, n := range names {
		if v, ok := labels[n]; ok {
			if s, err := incident.ParseSeverity(v); err == nil {
				return s
			}
		}
	}
	return 0
}
