package config

import (
	"math"
	"reflect"
	"strconv"

	"gopkg.in/yaml.v3"
)

func (w *walker) integer(n *yaml.Node, v reflect.Value, path string) {
	if n.Kind == yaml.ScalarNode && n.ShortTag() == "!!int" {
		if i, err := strconv.ParseInt(n.Value, 0, 32); err == nil {
			v.SetInt(i)
			return
		}
	}
	w.rep.errf(path, "must be an integer")
}

// number decodes a decimal number (99.9, or 100 written as an integer).
func (w *walker) number(n *yaml.Node, v reflect.Value, path string) {
	if n.Kind == yaml.ScalarNode && (n.ShortTag() == "!!float" || n.ShortTag() == "!!int") {
		if f, err := strconv.ParseFloat(n.Value, 64); err == nil && !math.IsNaN(f) && !math.IsInf(f, 0) {
			v.SetFloat(f)
			return
		}
	}
	w.rep.errf(path, "must be a number")
}
