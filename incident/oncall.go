package incident

import "time"

// On-call change kinds (OnCallChange.Kind).
const (
	KindOverride = "override"
	KindSwap     = "swap"
)

// OnCallChange is an override or a swap of a team's on-call made from chat
// (`/oncall override`, `/oncall swap`) and kept in the store with its ID
// ("OV-3"), who made it and when.
type OnCallChange struct {
	ID   string `json:"id"`
	Kind string `json:"kind"` // KindOverride or KindSwap
	Team string `json:"team"`
	// Person is the override's member, or the first member of a swap.
	Person string `json:"person"`
	// Other is the second member of a swap.
	Other string `json:"other,omitempty"`
	// From and To bound an override; a swap's From is the local midnight
	// starting its day and To the next.
	From time.Time `json:"from"`
	To   time.Time `json:"to"`
	// Date is a swap's local date, "2006-01-02".
	Date string    `json:"date,omitempty"`
	By   Actor     `json:"by"`
	At   time.Time `json:"at"`
}

// OnCallAudit is one line of the on-call audit trail: who did what to which
// change, and when.
type OnCallAudit struct {
	At     time.Time    `json:"at"`
	By     Actor        `json:"by"`
	Action string       `json:"action"` // "added" or "removed"
	Change OnCallChange `json:"change"`
}
