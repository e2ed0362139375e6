package alertmanager

import (
	"bytes"
	"encoding/json"
	"errors"
	"reflect"

	"github.com/tandemhq/tandem/incident"
)

// Unmarshal decodes a JSON body into v and turns encoding/json's errors into
// EInvalid errors a sender can act on: where the syntax broke, or which
// field had the wrong type. Unknown fields are ignored.
func Unmarshal(body []byte, v any) error {
	if len(bytes.TrimSpace(body)) == 0 {
		return incident.Errorf(incident.EInvalid, "body: empty (want a JSON object)")
	}
	err := json.Unmarshal(body, v)
	var syn *json.SyntaxError
	var typ *json.UnmarshalTypeError
	switch {
	case err == nil:
		return nil
	case errors.As(err, &syn):
		return incident.Errorf(incident.EInvalid, "invalid JSON at offset %d: %s", syn.Offset, syn.Error())
	case errors.As(err, &typ):
		field := typ.Field
		if field == "" {
			field = "body"
		}
		return incident.Errorf(incident.EInvalid, "%s: want %s, got JSON %s at offset %d",
			field, kindName(typ.Type), typ.Value, typ.Offset)
	}
	return incident.Errorf(incident.EInvalid, "invalid JSON: %s", err.Error())
}

// kindName says what JSON a Go type takes, in words a sender knows.
func kindName(t reflect.Type) string {
	for t.Kind() == reflect.Pointer {
		t = t.Elem()
	}
	switch t.Kind() {
	case reflect.String:
		return "a string"
	case reflect.Map, reflect.Struct:
		return "an object"
	case reflect.Slice, reflect.Array:
		return "an array"
	case reflect.Bool:
		return "true or false"
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64:
		return "an integer"
	case reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64:
		return "a non-negative integer"
	case reflect.Float32, reflect.Float64:
		return "a number"
	}
	return t.String()
}
