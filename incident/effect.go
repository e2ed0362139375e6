package incident

import "time"

// EffectKind names a side effect that leaves Tandem through the outbox.
type EffectKind string

// Effect kinds. Room effects are per platform; the worker renders what to
// send from the incident's current state when it delivers, so a late or
// repeated effect never shows stale data.
const (
	// EffectRoomCreate creates the incident's room on Platform.
	EffectRoomCreate EffectKind = "room.create"
	// EffectRoomSync posts the timeline entries the room has not shown yet
	// and posts or edits the incident card in place.
	EffectRoomSync EffectKind = "room.sync"
	// EffectChannelPost posts Text in a team's or the managers' Channel.
	EffectChannelPost EffectKind = "channel.post"
	// EffectRoomInvite invites Person (a member name) into the room: the
	// user Data[DataUser] on Platform, resolved when it is planned.
	EffectRoomInvite EffectKind = "room.invite"
	// EffectPage pages Team (Data[DataAction] PageTrigger), or
	// acknowledges or resolves its page (PageAcknowledge, PageResolve).
	EffectPage EffectKind = "page"
	// EffectRoomFile posts the post-incident review of a resolved incident
	// in its room on Platform as a file (rendered when delivered).
	EffectRoomFile EffectKind = "room.file"
	// EffectChannelFile posts a file in Channel: Data[DataFilename] and
	// Data[DataContent] (base64), with Text as its comment (a report's chart).
	EffectChannelFile EffectKind = "channel.file"
	// EffectRoomClose closes the resolved incident's room Channel on
	// Platform (see lifecycle.go): Text is posted there first, then the
	// room is archived (Slack) or moved or deleted (Discord).
	EffectRoomClose EffectKind = "room.close"
)

// InRoom, as a channel post's Channel, posts it in the incident's room on
// the effect's Platform (a team told in its thread room).
const InRoom = "{room}"

// Effect is one side effect, written to the outbox in the same atomic step
// as the state change that caused it. ID is deterministic for effects that
// must happen once (a room, a page), so a replayed change cannot repeat them.
type Effect struct {
	ID       string            `json:"id"`
	Kind     EffectKind        `json:"kind"`
	Incident string            `json:"incident,omitempty"`
	Platform string            `json:"platform,omitempty"`
	Channel  string            `json:"channel,omitempty"`
	Team     string            `json:"team,omitempty"`
	Person   string            `json:"person,omitempty"`
	Text     string            `json:"text,omitempty"`
	Data     map[string]string `json:"data,omitempty"`
	Attempt  int               `json:"attempt,omitempty"`
	Waits    int               `json:"waits,omitempty"` // retries spent waiting for something else (a room)
}

// TimerKind names what a durable timer does when it comes due.
type TimerKind string

// Timer kinds.
const (
	TimerLadder       TimerKind = "ladder"        // evaluate the next ladder step
	TimerRemindUnack  TimerKind = "remind.unack"  // remind that nobody acknowledged
	TimerRemindUpdate TimerKind = "remind.update" // nudge the holder for an update
	TimerSLAAck       TimerKind = "sla.ack"       // check the time-to-ack SLA
	TimerSLAResolve   TimerKind = "sla.resolve"   // check the time-to-resolve SLA
	TimerRetry        TimerKind = "outbox.retry"  // put a deferred effect back in the outbox
	TimerHandoff      TimerKind = "handoff"       // post the hand-over summary at a calendar boundary
	TimerReport       TimerKind = "report"        // post a scheduled report (reports.weekly)
	TimerRoomClose    TimerKind = "room.close"    // close a resolved incident's rooms (rooms.archive_after)
	// TimerMaintenanceEnd ends a maintenance window; TimerMaintenanceOpen
	// opens a recurring one (config maintenance.windows) and sets its next.
	TimerMaintenanceEnd  TimerKind = "maintenance.end"
	TimerMaintenanceOpen TimerKind = "maintenance.open"
)

// Timer is a durable due-time entry. Its ID is deterministic per incident and
// kind, so setting a timer again moves it instead of adding a second one.
type Timer struct {
	ID       string            `json:"id"`
	Kind     TimerKind         `json:"kind"`
	Incident string            `json:"incident,omitempty"`
	Due      time.Time         `json:"due"`
	Data     map[string]string `json:"data,omitempty"`
	Effect   *Effect           `json:"effect,omitempty"` // for TimerRetry
}

// TimerID returns the ID of incident id's timer of kind k.
func TimerID(id string, k TimerKind) string { return id + "/" + string(k) }
