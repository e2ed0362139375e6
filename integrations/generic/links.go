package generic

import (
	"encoding/json"
	"fmt"
	"net/url"

	"github.com/tandemhq/tandem/incident"
)

// links reads the optional links array. Each href must be an absolute
// http(s) URL: links end up as buttons on chat cards.
func links(m map[string]json.RawMessage) ([]incident.Link, error) {
	raw, ok := m["links"]
	if !ok || jsonKind(raw) == "null" {
		return nil, nil
	}
	if k := jsonKind(raw); k != "array" {
		return nil, invalid("links: want an array, got JSON %s", k)
	}
	var items []json.RawMessage
	if err := json.Unmarshal(raw, &items); err != nil {
		return nil, jsonError(err, "links")
	}
	if len(items) > MaxLinks {
		return nil, invalid("links: %d links; the limit is %d", len(items), MaxLinks)
	}
	var out []incident.Link
	for i, item := range items {
		l, err := link(item, fmt.Sprintf("links[%d]", i))
		if err != nil {
			return nil, err
		}
		out = append(out, l)
	}
	return out, nil
}

func link(raw json.RawMessage, path string) (incident.Link, error) {
	m, err := object(raw, path, []string{"href", "text"})
	if err != nil {
		return incident.Link{}, err
	}
	href, err := str(m, path, "href")
	if err != nil {
		return incident.Link{}, err
	}
	text, err := str(m, path, "text")
	if err != nil {
		return incident.Link{}, err
	}
	switch u, perr := url.Parse(href); {
	case href == "":
		return incident.Link{}, invalid("%s.href: required", path)
	case perr != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "":
		return incident.Link{}, invalid("%s.href: must be an http(s) URL", path)
	}
	return incident.Link{Href: href, Text: text}, nil
}
