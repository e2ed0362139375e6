package incident

// GroupClaim asks the store for the incident of an alert group's dedup key
// under the storm guard (see the store's ClaimGroup).
type GroupClaim struct {
	Key     string // the dedup key (source and group key)
	Replace string // an incident found resolved and too old to reopen, or ""
	Source  string // whose new groups are counted
	// Limit is the source's max_new_per_minute; 0 turns the guard off for
	// this claim (a group that only resolves is not a new group).
	Limit  int
	Minute int64 // the clock's minute (Unix time / 60)
}

// StormRole says how a claimed incident relates to its source's storm.
type StormRole int

// Storm roles.
const (
	NoStorm     StormRole = iota // an ordinary incident
	StormJoined                  // this claim diverted a new group into the storm incident
	StormMember                  // the key already points at the current storm incident
)

// GroupClaimed is the answer to a GroupClaim.
type GroupClaimed struct {
	ID      string
	Created bool // a new incident number was allocated
	Storm   StormRole
}
