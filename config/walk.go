package config

import (
	"reflect"
	"strings"
	"sync"
	"time"

	"gopkg.in/yaml.v3"
)

// walker is a strict decoder from a yaml.Node tree into the schema structs. It goes by
// reflection over the yaml tags, collects every problem instead of stopping at the first, and
// records the position of every path for the checks that come later.
type walker struct {
	rep     *report
	secrets *secretReader
	budget  int // node visits left; aliases can make a small file expand exponentially
}

// maxVisits bounds the work on one file. Real configs visit a few thousand nodes.
const maxVisits = 100_000

var (
	durationType = reflect.TypeFor[Duration]()
	weekdayType  = reflect.TypeFor[time.Weekday]()
	timeType     = reflect.TypeFor[time.Time]()
	secretType   = reflect.TypeFor[Secret]()
	secretsType  = reflect.TypeFor[[]Secret]()
)

func (w *walker) value(n *yaml.Node, v reflect.Value, path string) {
	if n = w.visit(n); n == nil {
		return
	}
	w.rep.mark(path, n)
	if isNull(n) {
		return
	}
	if n.Kind == yaml.ScalarNode && strings.HasPrefix(n.Tag, "!") && !strings.HasPrefix(n.Tag, "!!") && n.Tag != "!" {
		w.rep.errf(path, "custom YAML tag %s is not supported", n.Tag)
		return
	}
	if w.special(n, v, path) {
		return
	}
	switch v.Kind() {
	case reflect.Pointer:
		if v.IsNil() {
			v.Set(reflect.New(v.Type().Elem()))
		}
		w.value(n, v.Elem(), path)
	case reflect.Struct:
		w.object(n, v, path)
	case reflect.Map:
		w.dict(n, v, path)
	case reflect.Slice:
		w.list(n, v, path)
	case reflect.String:
		if w.scalar(n, path, "a string") {
			v.SetString(n.Value)
		}
	case reflect.Int:
		w.integer(n, v, path)
	case reflect.Float64:
		w.number(n, v, path)
	case reflect.Bool:
		w.boolean(n, v, path)
	default:
		panic("config: no decoder for " + v.Type().String()) // a schema bug, caught by tests
	}
}

// special decodes the types written as text of their own (durations,
// weekdays, times); false for any other type.
func (w *walker) special(n *yaml.Node, v reflect.Value, path string) bool {
	switch v.Type() {
	case durationType:
		w.duration(n, v, path)
	case weekdayType:
		w.weekday(n, v, path)
	case timeType:
		w.time(n, v, path)
	case maintenanceType:
		w.maintenance(n, v, path)
	default:
		return false
	}
	return true
}

func (w *walker) boolean(n *yaml.Node, v reflect.Value, path string) {
	if n.Kind != yaml.ScalarNode || n.ShortTag() != "!!bool" {
		w.rep.errf(path, "must be true or false")
		return
	}
	v.SetBool(strings.EqualFold(n.Value, "true"))
}

// visit follows aliases and spends the budget; nil means stop.
func (w *walker) visit(n *yaml.Node) *yaml.Node {
	if n = deref(n); n == nil || w.budget <= 0 {
		return nil
	}
	w.budget--
	if w.budget == 0 {
		w.rep.errNode(n, "config too large (too many nodes or alias expansions)")
		return nil
	}
	return n
}

// deref follows aliases to the node they name.
func deref(n *yaml.Node) *yaml.Node {
	for n != nil && n.Kind == yaml.AliasNode {
		n = n.Alias
	}
	return n
}

func isNull(n *yaml.Node) bool { return n.Kind == yaml.ScalarNode && n.ShortTag() == "!!null" }

func (w *walker) scalar(n *yaml.Node, path, what string) bool {
	if n.Kind != yaml.ScalarNode {
		w.rep.errf(path, "must be %s", what)
		return false
	}
	return true
}

func (w *walker) duration(n *yaml.Node, v reflect.Value, path string) {
	if !w.scalar(n, path, "a duration like 15m") {
		return
	}
	d, err := parseDuration(n.Value)
	switch {
	case err != nil:
		w.rep.errf(path, "%v", err)
	case d == 0:
		// Zero would be indistinguishable from "not set"; say so rather than apply a default.
		w.rep.errf(path, "duration must be greater than zero (leave the key out instead)")
	default:
		v.SetInt(int64(d))
	}
}

var weekdays = map[string]time.Weekday{
	"sun": time.Sunday, "mon": time.Monday, "tue": time.Tuesday, "wed": time.Wednesday,
	"thu": time.Thursday, "fri": time.Friday, "sat": time.Saturday,
}

func parseWeekday(s string) (time.Weekday, bool) {
	d, ok := weekdays[strings.ToLower(s)]
	return d, ok
}

func (w *walker) weekday(n *yaml.Node, v reflect.Value, path string) {
	if !w.scalar(n, path, "a day (mon..sun)") {
		return
	}
	d, ok := parseWeekday(n.Value)
	if !ok {
		w.rep.errf(path, "unknown day %q (want mon, tue, wed, thu, fri, sat or sun)", n.Value)
		return
	}
	v.SetInt(int64(d))
}

func (w *walker) time(n *yaml.Node, v reflect.Value, path string) {
	if !w.scalar(n, path, "an RFC 3339 time") {
		return
	}
	t, err := time.Parse(time.RFC3339, n.Value)
	if err != nil {
		w.rep.errf(path, "invalid time %q (want RFC 3339, e.g. 2026-03-02T09:00:00-06:00)", n.Value)
		return
	}
	v.Set(reflect.ValueOf(t))
}

func (w *walker) list(n *yaml.Node, v reflect.Value, path string) {
	if n.Kind != yaml.SequenceNode {
		w.rep.errf(path, "must be a list")
		return
	}
	s := reflect.MakeSlice(v.Type(), 0, len(n.Content))
	for i, el := range n.Content {
		e := reflect.New(v.Type().Elem()).Elem()
		w.value(el, e, index(path, i))
		s = reflect.Append(s, e)
	}
	v.Set(s)
}

// dict decodes a mapping with user-chosen keys (teams, ladders, ...).
func (w *walker) dict(n *yaml.Node, v reflect.Value, path string) {
	if n.Kind != yaml.MappingNode {
		w.rep.errf(path, "must be a mapping")
		w.rep.broken[path] = true
		return
	}
	if v.IsNil() {
		v.Set(reflect.MakeMap(v.Type()))
	}
	seen := map[string]bool{}
	elem := v.Type().Elem()
	for i := 0; i+1 < len(n.Content); i += 2 {
		key, ok := w.key(n.Content[i], path, seen)
		if !ok {
			continue
		}
		p := join(path, key)
		if !w.fixedKey(n.Content[i], n.Content[i+1], v, key, path) {
			continue
		}
		e := reflect.New(elem).Elem()
		if elem.Kind() == reflect.Pointer {
			// An entry written with no body ("office:") still exists, as an empty one.
			e.Set(reflect.New(elem.Elem()))
		}
		w.value(n.Content[i+1], e, p)
		v.SetMapIndex(reflect.ValueOf(key), e)
	}
}

// fixedKeys is a map type whose keys are fixed by registration (Sources), not chosen by the user.
type fixedKeys interface{ knownKey(key string) bool }

// fixedKey reports whether the entry key: val belongs in the map v. For a map of fixed keys it
// refuses an unknown key, as object does, and leaves out a null entry, as object leaves a nil
// pointer field; any other map takes every entry.
func (w *walker) fixedKey(k, val *yaml.Node, v reflect.Value, key, path string) bool {
	fk, ok := reflect.Zero(v.Type()).Interface().(fixedKeys)
	switch {
	case !ok:
		return true
	case !fk.knownKey(key):
		w.rep.errNode(k, "unknown key %q%s", key, in(path))
		return false
	}
	if val = deref(val); val != nil && isNull(val) {
		w.rep.mark(join(path, key), val)
		return false
	}
	return true
}

// key validates a mapping key, records its position and rejects duplicates.
func (w *walker) key(k *yaml.Node, path string, seen map[string]bool) (string, bool) {
	if k = w.visit(k); k == nil {
		return "", false
	}
	if k.Kind != yaml.ScalarNode {
		w.rep.errNode(k, "%s", where(path, "keys must be strings"))
		return "", false
	}
	if k.ShortTag() == "!!merge" {
		w.rep.errNode(k, "%s", where(path, "merge keys (<<) are not supported"))
		return "", false
	}
	if seen[k.Value] {
		w.rep.errNode(k, "duplicate key %q%s", k.Value, in(path))
		return "", false
	}
	seen[k.Value] = true
	w.rep.markKey(join(path, k.Value), k)
	return k.Value, true
}

func in(path string) string {
	if path == "" {
		return " at top level"
	}
	return " in " + path
}

func where(path, msg string) string {
	if path == "" {
		return msg
	}
	return path + ": " + msg
}

// object decodes a mapping into a struct, by its yaml tags.
func (w *walker) object(n *yaml.Node, v reflect.Value, path string) {
	if n.Kind != yaml.MappingNode && path == "" {
		w.rep.errf(path, "the config must be a mapping of keys to values")
		return
	}
	if n.Kind != yaml.MappingNode {
		w.rep.errf(path, "must be a mapping")
		w.rep.broken[path] = true
		return
	}
	fs := fieldsOf(v.Type())
	refs := map[int]*secretRef{}
	seen := map[string]bool{}
	for i := 0; i+1 < len(n.Content); i += 2 {
		key, ok := w.key(n.Content[i], path, seen)
		if !ok {
			continue
		}
		f, ok := fs[key]
		if !ok {
			w.unknown(v, n.Content[i], n.Content[i+1], path, key)
			continue
		}
		val, p := n.Content[i+1], join(path, key)
		switch f.kind {
		case plainField:
			w.value(val, v.Field(f.index), p)
		case secretLiteral:
			w.rep.errKey(p, "secrets cannot be written in the file; use %s_env or %s_file", key, key)
		case secretEnv, secretFile:
			if val = w.visit(val); val == nil {
				continue
			}
			w.rep.mark(p, val)
			ref := refs[f.index]
			if ref == nil {
				ref = &secretRef{name: f.name}
				refs[f.index] = ref
			}
			if f.kind == secretEnv {
				ref.env, ref.envPath = val, p
			} else {
				ref.file, ref.filePath = val, p
			}
		}
	}
	for idx, ref := range refs {
		w.secrets.resolve(w.rep, path, ref, v.Field(idx))
	}
}

// unknown handles a key the struct has no field for: a registered section
// at top level (sections.go), else an error.
func (w *walker) unknown(v reflect.Value, k, val *yaml.Node, path, key string) {
	if path == "" && w.section(v, key, val) {
		return
	}
	w.rep.errNode(k, "unknown key %q%s", key, in(path))
}

type fieldKind int

const (
	plainField fieldKind = iota
	secretLiteral
	secretEnv
	secretFile
)

type field struct {
	index int
	name  string // the yaml tag name
	kind  fieldKind
}

var fieldCache sync.Map // reflect.Type -> map[string]field

// fieldsOf maps each accepted key of a struct type to its field.
func fieldsOf(t reflect.Type) map[string]field {
	if fs, ok := fieldCache.Load(t); ok {
		return fs.(map[string]field)
	}
	fs := map[string]field{}
	for i := range t.NumField() {
		name := t.Field(i).Tag.Get("yaml")
		if name == "" || name == "-" {
			continue
		}
		if ft := t.Field(i).Type; ft == secretType || ft == secretsType {
			fs[name] = field{i, name, secretLiteral}
			fs[name+"_env"] = field{i, name, secretEnv}
			fs[name+"_file"] = field{i, name, secretFile}
			continue
		}
		fs[name] = field{i, name, plainField}
	}
	fieldCache.Store(t, fs)
	return fs
}
