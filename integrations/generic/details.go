package generic

import (
	"bytes"
	"encoding/json"
)

// details flattens the details object to string labels: a string stays
// itself, anything else becomes its compact JSON text, and null is left out
// (a label cannot say "no value" any better than its absence).
func details(m map[string]json.RawMessage) (map[string]string, error) {
	raw, ok := m["details"]
	if !ok || jsonKind(raw) == "null" {
		return nil, nil
	}
	if k := jsonKind(raw); k != "object" {
		return nil, invalid("details: want an object, got JSON %s", k)
	}
	var obj map[string]json.RawMessage
	if err := json.Unmarshal(raw, &obj); err != nil {
		return nil, jsonError(err, "details")
	}
	out := make(map[string]string, len(obj))
	for k, v := range obj {
		switch jsonKind(v) {
		case "null":
			continue
		case "string":
			var s string
			if err := json.Unmarshal(v, &s); err != nil {
				return nil, jsonError(err, "details")
			}
			out[k] = s
		default:
			var buf bytes.Buffer
			if err := json.Compact(&buf, v); err != nil {
				return nil, jsonError(err, "details")
			}
			out[k] = buf.String()
		}
	}
	return out, nil
}
