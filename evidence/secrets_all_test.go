package evidence_test

import (
	"fmt"
	"reflect"
	"strings"
	"testing"

	"github.com/tandemhq/tandem/config"
	"github.com/tandemhq/tandem/evidence"
	"github.com/tandemhq/tandem/platform/connectwise"
	"github.com/tandemhq/tandem/platform/halopsa"
	"github.com/tandemhq/tandem/platform/teams"
	"github.com/tandemhq/tandem/platform/webhookchat"
)

// Every config.Secret field of the config, of its sources and of the
// platform sections, set to a value of its own, stays out of the pack's
// config: found by reflection, so a secret key added later is covered.
func TestRedactConfigHidesEverySecretKey(t *testing.T) {
	cfg, err := config.Check("../config/demo.yaml")
	if err != nil {
		t.Fatal(err)
	}
	cfg.Sections = map[string]any{"connectwise": &connectwise.Section{}, "halopsa": &halopsa.Section{},
		"msteams": &teams.Section{}, "webhookchat": &webhookchat.Section{}}
	if cfg.Sources == nil {
		cfg.Sources = config.Sources{}
	}
	cfg.Sources["generic"] = &config.Source{}
	n := setSecrets(reflect.ValueOf(cfg), 0)
	out, err := evidence.RedactConfig(cfg)
	if err != nil {
		t.Fatal(err)
	}
	if strings.Contains(string(out), "hunter2") {
		t.Fatalf("a secret value is in the rendered config:\n%s", out)
	}
	// 2 each for the audit keys and the PSA webhook secrets (lists).
	if got := strings.Count(string(out), "<secret>"); n < 20 || got != n {
		t.Errorf("%d secrets set, %d rendered as <secret>:\n%s", n, got, out)
	}
}

var secretType = reflect.TypeFor[config.Secret]()

// setSecrets sets every settable config.Secret under v to "hunter2-N" and
// gives each empty []Secret two; it returns the count so far.
func setSecrets(v reflect.Value, n int) int {
	switch v.Kind() {
	case reflect.Pointer, reflect.Interface:
		if !v.IsNil() {
			n = setSecrets(v.Elem(), n)
		}
	case reflect.Struct:
		if v.Type() == secretType {
			n++
			v.Set(reflect.ValueOf(config.NewSecret(fmt.Sprintf("hunter2-%d", n))))
			return n
		}
		for i := range v.NumField() {
			if v.Type().Field(i).IsExported() {
				n = setSecrets(v.Field(i), n)
			}
		}
	case reflect.Slice:
		if v.Type().Elem() == secretType && v.Len() == 0 {
			v.Set(reflect.MakeSlice(v.Type(), 2, 2))
		}
		for i := range v.Len() {
			n = setSecrets(v.Index(i), n)
		}
	case reflect.Map:
		for _, k := range v.MapKeys() {
			n = setSecrets(v.MapIndex(k), n)
		}
	}
	return n
}
