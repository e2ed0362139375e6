package tenants

import (
	"errors"
	"fmt"
	"slices"
	"strings"

	"github.com/tandemhq/tandem/config"
)

// Checked is one tenant file's verdict from Check.
type Checked struct {
	Tenant string
	Config *config.Config // nil when the file could not be read
	Err    error          // the file's problems (config.Problems, with FILE:LINE:COL), or nil
}

// Check checks every tenant file of dir as `tandem config check` checks
// one (secrets that cannot be resolved here are warnings), and that all
// of them share http.addr and redis. It returns one verdict per file, in
// name order, and an error when any file has a problem.
func Check(dir string) ([]Checked, error) {
	files, bad, err := scan(dir)
	if err != nil {
		return nil, err
	}
	var out []Checked
	for name, err := range bad {
		out = append(out, Checked{Tenant: name, Err: err})
	}
	var first *shared
	failed := len(bad) > 0
	var desk *config.Config
	for _, f := range files {
		cfg, err := config.CheckTenant(f.path, f.name, desk) // the desk comes first, and refers to none
		if f.desk {
			desk = cfg
		}
		if err == nil && first == nil {
			s := sharedOf(cfg)
			first = &s
		} else if err == nil {
			if why := first.differs(cfg); why != "" {
				err = fmt.Errorf("%s: %s", f.path, why)
			}
		}
		failed = failed || err != nil
		out = append(out, Checked{Tenant: f.name, Config: cfg, Err: err})
	}
	slices.SortFunc(out, func(a, b Checked) int { return strings.Compare(a.Tenant, b.Tenant) })
	if len(out) == 0 {
		return nil, fmt.Errorf("%s holds no tenant file (<tenant>.yaml)", dir)
	}
	if failed {
		return out, errors.New("some tenant files have problems")
	}
	return out, nil
}
