package platform

import (
	"context"
	"slices"
	"testing"

	"github.com/tandemhq/tandem/config"
)

// fake is a platform enabled when the config's timezone names it.
type fake struct{ name string }

func (f fake) Name() string                             { return f.name }
func (f fake) Enabled(cfg *config.Config) bool          { return cfg.Timezone == f.name }
func (fake) Open(context.Context, Deps) (Opened, error) { return Opened{}, nil }

func TestRegistry(t *testing.T) {
	Register(fake{"zzz-test"})
	Register(fake{"aaa-test"})
	if names := Names(); !slices.Contains(names, "zzz-test") || !slices.IsSorted(names) {
		t.Fatalf("names %v", names)
	}
	got := Enabled(&config.Config{Timezone: "aaa-test"})
	if len(got) != 1 || got[0].Name() != "aaa-test" {
		t.Fatalf("enabled %v", got)
	}
	defer func() {
		if recover() == nil {
			t.Error("a second registration of one name did not panic")
		}
	}()
	Register(fake{"aaa-test"})
}
