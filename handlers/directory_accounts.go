package handlers

import (
	"maps"
	"strings"
)

// SetAccount makes user the account of member name on platform (a user
// found by e-mail after start). The member is replaced by a copy, not
// changed in place, so a request holding the old one reads a consistent
// member. It reports false for a name nobody has.
func (d *Directory) SetAccount(name, platform, user string) bool {
	d.mu.Lock()
	defer d.mu.Unlock()
	old, ok := d.members[strings.ToLower(name)]
	if !ok {
		return false
	}
	m := *old
	m.Accounts = maps.Clone(old.Accounts)
	if m.Accounts == nil {
		m.Accounts = map[string]string{}
	}
	if prev := m.Accounts[platform]; prev != "" && d.byUser[platform+":"+prev] == old {
		delete(d.byUser, platform+":"+prev)
	}
	m.Accounts[platform] = user
	for key, v := range d.byUser {
		if v == old {
			d.byUser[key] = &m
		}
	}
	d.byUser[platform+":"+user] = &m
	d.members[strings.ToLower(name)] = &m
	return true
}
