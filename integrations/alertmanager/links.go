package alertmanager

import (
	"net/url"
	"strings"

	"github.com/tandemhq/tandem/incident"
)

// AppendLink appends {href, text} to links when href is an absolute http(s)
// URL not already present. Other values are dropped silently: they come
// from alert rules, not from the sender's request, and a card must never
// carry a javascript: or relative link.
func AppendLink(links []incident.Link, href, text string) []incident.Link {
	href = strings.TrimSpace(href)
	if !isWebURL(href) {
		return links
	}
	for _, l := range links {
		if l.Href == href {
			return links
		}
	}
	return append(links, incident.Link{Href: href, Text: text})
}

func isWebURL(s string) bool {
	u, err := url.Parse(s)
	return err == nil && (u.Scheme == "http" || u.Scheme == "https") && u.Host != ""
}
