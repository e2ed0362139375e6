// Package tenants serves several customers from one Tandem process: every
// DIR/<tenant>.yaml is one tenant with everything a single config has
// (teams, calendars, ladders, chats, sources, secrets), its endpoints under
// /t/<tenant>/, its Redis keys under the tenant's hash tag
// ("tandem:{acme}:…", one Redis Cluster slot per tenant). Files added,
// changed or removed take effect on Reload (SIGHUP, `tandem reload`)
// without touching the other tenants; a broken file is refused with its
// problems and its tenant keeps its last good config.
package tenants

import (
	"crypto/sha256"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"

	"github.com/tandemhq/tandem/config"
)

// validName is a tenant's name: a file's stem, at most 40 characters of
// a-z, 0-9 and "-" (it goes into URLs and Redis hash tags as it is).
var validName = regexp.MustCompile(`^[a-z0-9-]{1,40}$`)

// deskFile is the MSP's desk: its own teams, chat and PagerDuty, declared
// once for every customer whose file refers to them (team: msp/noc).
const deskFile = "msp.yaml"

// file is one tenant file as read from the directory. The desk's file
// (msp.yaml) is named deskName and comes first, so that the customers that
// refer to it are built after it.
type file struct {
	name, path string
	desk       bool
	// sum identifies the file's bytes, and for a customer the desk's too:
	// a changed msp.yaml rebuilds every customer on the next reload.
	sum [32]byte
}

// deskName is the desk's name where tenants are named (its endpoints are
// under /t/msp/); no customer can have it, its file being msp.yaml.
const deskName = "msp"

// scan lists DIR/*.yaml in name order, the desk first. A file whose stem
// is not a valid tenant name is returned in bad with the reason.
func scan(dir string) (files []file, bad map[string]error, err error) {
	paths, err := filepath.Glob(filepath.Join(dir, "*.yaml"))
	if err != nil {
		return nil, nil, err
	}
	if _, err := os.Stat(dir); err != nil {
		return nil, nil, fmt.Errorf("config dir: %w", err)
	}
	slices.Sort(paths)
	bad = map[string]error{}
	deskData, hasDesk := []byte(nil), false
	if p := filepath.Join(dir, deskFile); slices.Contains(paths, p) {
		hasDesk = true
		if deskData, err = os.ReadFile(p); err != nil {
			bad[deskName] = fmt.Errorf("%s: %w", p, err)
		} else {
			files = append(files, file{name: deskName, path: p, desk: true, sum: sha256.Sum256(deskData)})
		}
	}
	for _, p := range paths {
		base := filepath.Base(p)
		if base == deskFile {
			continue
		}
		name := strings.TrimSuffix(base, ".yaml")
		if !validName.MatchString(name) {
			bad[name] = fmt.Errorf("%s: a tenant file is named <tenant>.yaml, the tenant 1 to 40 characters of a-z, 0-9 and '-'", p)
			continue
		}
		data, err := os.ReadFile(p)
		if err != nil {
			bad[name] = fmt.Errorf("%s: %w", p, err)
			continue
		}
		if hasDesk {
			data = append(data, deskData...)
		}
		files = append(files, file{name: name, path: p, sum: sha256.Sum256(data)})
	}
	return files, bad, nil
}

// shared is what every tenant of one process must agree on: the address
// the process listens on and the Redis every tenant's keys live in.
type shared struct {
	addr  string
	redis string
}

func sharedOf(cfg *config.Config) shared {
	r := cfg.Redis
	return shared{addr: cfg.HTTP.Addr, redis: fmt.Sprintf("url=%q prefix=%q sentinel=%v/%q cluster=%v",
		r.URL, r.Prefix, r.SentinelAddrs, r.SentinelMaster, r.ClusterAddrs)}
}

// differs says how cfg departs from the settings the process runs with,
// or "" when it does not.
func (s shared) differs(cfg *config.Config) string {
	got := sharedOf(cfg)
	switch {
	case got.addr != s.addr:
		return fmt.Sprintf("http.addr is %q, but this process serves every tenant on %q", got.addr, s.addr)
	case got.redis != s.redis:
		return fmt.Sprintf("its redis section (%s) is not the one every tenant shares (%s)", got.redis, s.redis)
	}
	return ""
}
