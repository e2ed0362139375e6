package evidence

import (
	"reflect"
	"strings"

	"gopkg.in/yaml.v3"

	"github.com/tandemhq/tandem/config"
)

var secretType = reflect.TypeFor[config.Secret]()

// labelSecrets replaces each config.Secret under n (the YAML of v) with
// where it comes from: "<secret: env NAME>". A Secret renders as
// "<secret>" when set and "" when not, and the command line resolves only
// the secrets it uses, so without this a declared bot token would read as
// unset. The origin names the variable or file, never the value.
func labelSecrets(n *yaml.Node, v reflect.Value) {
	for v.Kind() == reflect.Pointer || v.Kind() == reflect.Interface {
		if v.IsNil() {
			return
		}
		v = v.Elem()
	}
	if v.Type() == secretType {
		n.Kind, n.Tag, n.Style, n.Content = yaml.ScalarNode, "!!str", 0, nil
		n.Value = secretLabel(v.Interface().(config.Secret))
		return
	}
	switch {
	case v.Kind() == reflect.Struct && n.Kind == yaml.MappingNode:
		for i := 0; i+1 < len(n.Content); i += 2 {
			if f, ok := fieldByTag(v, n.Content[i].Value); ok {
				labelSecrets(n.Content[i+1], f)
			}
		}
	case v.Kind() == reflect.Map && v.Type().Key().Kind() == reflect.String && n.Kind == yaml.MappingNode:
		for i := 0; i+1 < len(n.Content); i += 2 {
			if mv := v.MapIndex(reflect.ValueOf(n.Content[i].Value).Convert(v.Type().Key())); mv.IsValid() {
				labelSecrets(n.Content[i+1], mv)
			}
		}
	case (v.Kind() == reflect.Slice || v.Kind() == reflect.Array) && n.Kind == yaml.SequenceNode:
		for i := range min(len(n.Content), v.Len()) {
			labelSecrets(n.Content[i], v.Index(i))
		}
	}
}

// secretLabel is what the pack shows for a secret: set or not, and from where.
func secretLabel(s config.Secret) string {
	switch {
	case s.Origin() == "" && !s.IsSet():
		return ""
	case s.Origin() == "" || s.Origin() == "literal":
		return redactedValue
	case !s.IsSet():
		return "<secret: " + s.Origin() + ", not read by this command>"
	}
	return "<secret: " + s.Origin() + ">"
}

// fieldByTag finds the field of struct v that YAML key encodes, looking
// into inlined structs too.
func fieldByTag(v reflect.Value, key string) (reflect.Value, bool) {
	t := v.Type()
	for i := range t.NumField() {
		if !t.Field(i).IsExported() {
			continue
		}
		name, opts, _ := strings.Cut(t.Field(i).Tag.Get("yaml"), ",")
		if strings.Contains(opts, "inline") {
			if f, ok := fieldByTag(reflect.Indirect(v.Field(i)), key); ok {
				return f, true
			}
			continue
		}
		if name == "" {
			name = strings.ToLower(t.Field(i).Name) // yaml.v3's default key
		}
		if name == key {
			return v.Field(i), true
		}
	}
	return reflect.Value{}, false
}
