package generic

import (
	"bytes"
	"encoding/json"
	"errors"
	"slices"
	"strconv"
	"strings"

	"github.com/tandemhq/tandem/incident"
)

// object decodes raw as a JSON object whose keys are all in known. path
// names raw in errors ("body", "links[2]").
func object(raw []byte, path string, known []string) (map[string]json.RawMessage, error) {
	var m map[string]json.RawMessage
	if err := json.Unmarshal(raw, &m); err != nil {
		return nil, jsonError(err, path)
	}
	if m == nil { // JSON null
		return nil, invalid("%s: want an object, got JSON null", path)
	}
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	slices.Sort(keys) // report the same unknown field every time
	for _, k := range keys {
		if !slices.Contains(known, k) {
			return nil, invalid("%s: unknown field (use %s)", join(path, quoteIfOdd(k)), strings.Join(known, ", "))
		}
	}
	return m, nil
}

// str decodes the optional string field of the object at path; null and
// absent are "".
func str(m map[string]json.RawMessage, path, field string) (string, error) {
	raw, ok := m[field]
	if !ok {
		return "", nil
	}
	var s *string
	if err := json.Unmarshal(raw, &s); err != nil {
		return "", invalid("%s: want a string, got JSON %s", join(path, field), jsonKind(raw))
	}
	if s == nil {
		return "", nil
	}
	return *s, nil
}

// jsonError words an encoding/json error about the value at path.
func jsonError(err error, path string) error {
	var syn *json.SyntaxError
	var typ *json.UnmarshalTypeError
	switch {
	case errors.As(err, &syn):
		return invalid("invalid JSON at offset %d: %s", syn.Offset, syn.Error())
	case errors.As(err, &typ):
		return invalid("%s: want an object, got JSON %s", path, typ.Value)
	}
	return invalid("%s: %s", path, err.Error())
}

// jsonKind names the kind of a valid JSON value.
func jsonKind(raw json.RawMessage) string {
	switch b := bytes.TrimSpace(raw); {
	case len(b) == 0:
		return "nothing"
	case b[0] == '{':
		return "object"
	case b[0] == '[':
		return "array"
	case b[0] == '"':
		return "string"
	case b[0] == 't' || b[0] == 'f':
		return "bool"
	case b[0] == 'n':
		return "null"
	}
	return "number"
}

func join(path, field string) string {
	if path == "body" {
		return field
	}
	return path + "." + field
}

// quoteIfOdd returns a field name fit for an error message: cut to 64
// characters (it is the sender's text), and quoted when it would be
// unreadable bare (empty, or with spaces, dots, quotes or control
// characters).
func quoteIfOdd(k string) string {
	if r := []rune(k); len(r) > 64 {
		k = string(r[:63]) + "…"
	}
	if k == "" || strings.ContainsAny(k, " .\"") || strconv.Quote(k) != `"`+k+`"` {
		return strconv.Quote(k)
	}
	return k
}

func invalid(format string, args ...any) error {
	return incident.Errorf(incident.EInvalid, format, args...)
}
