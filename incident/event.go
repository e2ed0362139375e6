package incident

import "time"

// Kind names a timeline event.
type Kind string

// Timeline event kinds (DESIGN §5.5). Tandem's extensions: refused (an action
// authorization turned down), snoozed (reminders paused), delivery.failed
// (a chat or paging effect failed for good) and room.closed (rooms closed
// after rooms.archive_after).
const (
	KindOpened          Kind = "opened"
	KindAlertFiring     Kind = "alert.firing"
	KindAlertResolved   Kind = "alert.resolved"
	KindRoomCreated     Kind = "room.created"
	KindPaged           Kind = "paged"
	KindAcked           Kind = "acked"
	KindUnacked         Kind = "unacked"
	KindEscalated       Kind = "escalated"
	KindNote            Kind = "note"
	KindSeverityChanged Kind = "severity.changed"
	KindAssigned        Kind = "assigned"
	KindReminded        Kind = "reminded"
	KindSLABreached     Kind = "sla.breached"
	KindHandoff         Kind = "handoff"
	KindResolved        Kind = "resolved"
	KindReopened        Kind = "reopened"
	KindRefused         Kind = "refused"
	KindSnoozed         Kind = "snoozed"
	KindDeliveryFailed  Kind = "delivery.failed"
	// KindRoomClosed: the resolved incident's rooms are being closed
	// (details "platforms"), or one of them was (details "platform",
	// "channel", "outcome"). See lifecycle.go.
	KindRoomClosed Kind = "room.closed"
)

// Event is one entry of an incident's append-only timeline. Prev and Hash
// chain the entries (see audit.go): the store sets them when it commits the
// entry, so an entry changed afterwards no longer matches its hash.
type Event struct {
	At      time.Time         `json:"at"`
	Kind    Kind              `json:"kind"`
	Actor   Actor             `json:"actor"`
	Details map[string]string `json:"details,omitempty"`
	Prev    string            `json:"prev,omitempty"` // Hash of the entry before; "" for the first
	Hash    string            `json:"hash,omitempty"` // SHA-256 (or with Key, HMAC-SHA256) of Prev and this entry's content, hex
	Key     string            `json:"key,omitempty"`  // the audit key's ID when the entry is keyed (audit.go)
}

// NewEvent builds an event; details are given as key, value pairs.
func NewEvent(now time.Time, kind Kind, by Actor, kv ...string) Event {
	e := Event{At: now.UTC(), Kind: kind, Actor: by}
	if len(kv) > 0 {
		e.Details = make(map[string]string, len(kv)/2)
		for i := 0; i+1 < len(kv); i += 2 {
			if kv[i+1] != "" {
				e.Details[kv[i]] = kv[i+1]
			}
		}
	}
	return e
}
