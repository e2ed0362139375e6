package redisstore

// keys builds every key name. Each starts with the prefix and the tenant's
// hash tag: "tandem:{default}:inc:INC-7".
type keys struct{ base string }

func newKeys(prefix, tenant string) keys {
	if prefix == "" {
		prefix = "tandem:"
	}
	if tenant == "" {
		tenant = "default"
	}
	return keys{base: prefix + "{" + tenant + "}:"}
}

func (k keys) seq() string               { return k.base + "seq:incident" }
func (k keys) incident(id string) string { return k.base + "inc:" + id }
func (k keys) alerts(id string) string   { return k.base + "alerts:" + id }
func (k keys) syncPending(id, platform string) string {
	return k.base + "syncpending:" + id + ":" + platform
}
func (k keys) timeline(id string) string        { return k.base + "tl:" + id }
func (k keys) status(st string) string          { return k.base + "idx:" + st }
func (k keys) opened() string                   { return k.base + "idx:opened" }
func (k keys) dedup(key string) string          { return k.base + "dedup:" + key }
func (k keys) outbox() string                   { return k.base + "outbox" }
func (k keys) pages() string                    { return k.base + "outbox:pages" }
func (k keys) delivered(effectID string) string { return k.base + "delivered:" + effectID }
func (k keys) timersDue() string                { return k.base + "timers" }
func (k keys) timersLease() string              { return k.base + "timers:lease" }
func (k keys) timersData() string               { return k.base + "timers:data" }
func (k keys) timersOwner() string              { return k.base + "timers:owner" }
func (k keys) room(id, platform string) string  { return k.base + "room:" + id + ":" + platform }
func (k keys) roomIndex(platform, channel string) string {
	return k.base + "roomidx:" + platform + ":" + channel
}
func (k keys) lock(name string) string { return k.base + "lock:" + name }
func (k keys) job(name string) string  { return k.base + "job:" + name }
func (k keys) once(key string) string  { return k.base + "once:" + key }
func (k keys) count(key string) string { return k.base + "count:" + key }
func (k keys) deployment() string      { return k.base + "deployment" }
func (k keys) heartbeats() string      { return k.base + "heartbeats" }
func (k keys) oncallSeq() string       { return k.base + "seq:oncall" }
func (k keys) oncall() string          { return k.base + "oncall:changes" }
func (k keys) oncallAudit() string     { return k.base + "oncall:audit" }

// Maintenance windows (maintenance.go).
func (k keys) windowSeq() string             { return k.base + "seq:maintenance" }
func (k keys) windows() string               { return k.base + "mw:windows" }
func (k keys) windowsActive() string         { return k.base + "mw:active" }
func (k keys) windowsEnded() string          { return k.base + "mw:ended" }
func (k keys) windowSilences() string        { return k.base + "mw:silences" }
func (k keys) windowHeld(id string) string   { return k.base + "mw:held:" + id }
func (k keys) windowSince(id string) string  { return k.base + "mw:since:" + id }
func (k keys) windowJob(claim string) string { return k.base + "mw:job:" + claim }
func (k keys) people() string                { return k.base + "people" }
