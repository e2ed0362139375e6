// Package generic decodes Tandem's own generic webhook event (DESIGN §5.2)
// into an incident.AlertGroup:
//
//	{"summary": "Disk full on nas-01",          required, at most 1000 characters
//	 "dedup_key": "nas-01/disk",                 at most 255 characters
//	 "status": "firing",                         firing (default) or resolved
//	 "severity": "sev2",                         sev1..sev4, critical, error, warning, info
//	 "service": "storage",
//	 "source": "nagios",
//	 "details": {"volume": 1, "used": "95%"},    any JSON object
//	 "links": [{"href": "https://…", "text": "Graph"}]}
//
// The group's Key is dedup_key; without one it is
// "sha256:" + hex(SHA-256(source + "\x00" + service + "\x00" + summary)),
// so the same summary from the same source and service dedups into one
// incident, and a later event with status "resolved" and the same three
// fields resolves it. The group holds one alert whose fingerprint is the
// key, so a repeated event changes nothing.
//
// The alert's labels are the details flattened to strings (strings as they
// are, numbers in their JSON spelling, booleans "true"/"false", objects and
// arrays as compact JSON text, null left out) plus "source" when set, which
// wins over a details key of that name. The links go on the alert and on
// the group. Source is always "generic"; the title is the summary.
//
// Besides the limits above, service and source are at most 255 characters
// and links at most 20; hrefs must be absolute http(s) URLs.
//
// The schema is ours, so it is strict: unknown fields, at the top level and
// in links, are errors that name the field, because a typo such as
// "dedupkey" would otherwise silently split one problem into many
// incidents. Field names match exactly (not case-insensitively). A
// severity outside the list is an error too, unlike Alertmanager labels:
// here the sender chose the word for us. An empty status, severity or
// dedup_key counts as absent.
package generic
