package reportstest

import (
	"encoding/json"
	"reflect"
	"strings"
	"testing"
)

// Same fails t when got differs from want, naming the first line of
// their JSON that differs, so a failure says which figure.
func Same(t *testing.T, name string, got, want any) {
	t.Helper()
	if reflect.DeepEqual(got, want) {
		return
	}
	g, _ := json.MarshalIndent(got, "", " ")
	w, _ := json.MarshalIndent(want, "", " ")
	gl, wl := strings.Split(string(g), "\n"), strings.Split(string(w), "\n")
	for i := range max(len(gl), len(wl)) {
		var a, b string
		if i < len(gl) {
			a = gl[i]
		}
		if i < len(wl) {
			b = wl[i]
		}
		if a != b {
			t.Errorf("%s: line %d\n got %s\nwant %s", name, i+1, a, b)
			return
		}
	}
	t.Errorf("%s differs:\n got %+v\nwant %+v", name, got, want)
}
