package tenants

import (
	"context"
	"slices"
)

// Report says what a Reload did, tenant by tenant.
type Report struct {
	Added, Changed, Removed []string
	// Refused holds the files with problems (config.Problems name
	// FILE:LINE:COL); a refused tenant that was running keeps its last
	// good config.
	Refused map[string]error
}

// Reload reads the directory again: a new file starts its tenant, a
// changed file replaces its tenant's bot (requests go to the new one at
// once; the old one finishes its requests and its work in hand, then the
// new one's work starts), a removed file stops its tenant, and a file with
// problems is refused. Timers and effects live in Redis, so a replaced or
// restarted tenant loses none of them; the other tenants are not touched.
func (h *Host) Reload(ctx context.Context) (Report, error) {
	h.reload.Lock()
	defer h.reload.Unlock()
	files, bad, err := h.scanned()
	if err != nil {
		return Report{}, err
	}
	rep := Report{Refused: bad}
	seen := map[string]bool{}
	for _, f := range files {
		seen[f.name] = true
		old := h.current(f.name)
		if old != nil && old.file.sum == f.sum {
			continue
		}
		t, err := h.build(ctx, f, false)
		if err != nil {
			rep.Refused[f.name] = err
			continue
		}
		h.swap(f.name, t)
		if old == nil {
			rep.Added = append(rep.Added, f.name)
		} else {
			rep.Changed = append(rep.Changed, f.name)
		}
	}
	for _, name := range h.Tenants() {
		if !seen[name] && rep.Refused[name] == nil {
			h.swap(name, nil)
			rep.Removed = append(rep.Removed, name)
		}
	}
	h.refuse(rep.Refused)
	slices.Sort(rep.Removed)
	h.log.Info("tenants reloaded", "added", rep.Added, "changed", rep.Changed, "removed", rep.Removed, "refused", len(rep.Refused))
	return rep, nil
}

// scanned is scan of the host's directory, with the tenants whose file is
// good again no longer counted as broken.
func (h *Host) scanned() ([]file, map[string]error, error) {
	files, bad, err := scan(h.dir)
	if err != nil {
		return nil, nil, err
	}
	h.mu.Lock()
	h.broken = map[string]error{}
	h.mu.Unlock()
	return files, bad, nil
}

func (h *Host) current(name string) *tenant {
	h.mu.RLock()
	defer h.mu.RUnlock()
	return h.byName[name]
}

// swap puts t (nil: nothing) in name's place: new requests go to t at
// once; the tenant it replaces is retired (its requests answered, its
// work stopped) before t's work starts, so one process never runs a
// tenant's timers twice.
func (h *Host) swap(name string, t *tenant) {
	h.mu.Lock()
	old := h.byName[name]
	if t == nil {
		delete(h.byName, name)
	} else {
		h.byName[name] = t
	}
	ctx := h.ctx
	h.mu.Unlock()
	if old != nil {
		old.retire()
	}
	if t != nil && ctx != nil {
		t.stop = t.bot.Start(ctx)
	}
}
