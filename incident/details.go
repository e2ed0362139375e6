package incident

// Event-detail keys: the names under which an Event's Details are stored.
// They are part of the stored timeline and of the API's JSON, so a key is
// never renamed; events written by earlier versions read back with them.
const (
	DetailTeam         = "team"          // paged: the team paged
	DetailSide         = "side"          // paged: the team's side
	DetailPerson       = "person"        // paged: its on-call person ("" when nobody)
	DetailOnCallSource = "oncall_source" // paged: where the on-call person came from
	DetailStep         = "step"          // paged: 1-based step in its pass, or "manual"
	DetailPass         = "pass"          // paged: 1-based pass over the ladder
	DetailCursor       = "cursor"        // paged: the ladder position of the step
	DetailWindow       = "window"        // paged: the calendar window when reached
	DetailWait         = "wait"          // paged: time until the next step (first event of a step only)
	DetailTo           = "to"            // escalated, severity.changed, assigned: the new value
	DetailFrom         = "from"          // severity.changed: the old severity
	DetailToSide       = "to_side"       // assigned: the assignee's side
	DetailToUser       = "to_user"       // assigned: the assignee's chat user
	DetailTitle        = "title"         // opened: the incident's title
	DetailSeverity     = "severity"      // opened, sla.breached: the severity
	DetailService      = "service"       // opened: the service
	DetailSource       = "source"        // opened: the alert source
	DetailNote         = "note"          // resolved: the closing note
	DetailReason       = "reason"        // reopened, refused: why
	DetailText         = "text"          // note, reminded: the text shown
	DetailFingerprint  = "fingerprint"   // alert.*: the alert's fingerprint
	DetailAlert        = "alert"         // alert.*: the alert's name
	DetailSummary      = "summary"       // alert.*: the alert's summary
	DetailPlatform     = "platform"      // room.created, room.closed: the chat platform
	DetailPlatforms    = "platforms"     // room.closed: the platforms being closed, comma separated
	DetailChannel      = "channel"       // room.created, room.closed: the room's channel
	DetailName         = "name"          // room.created: the room's name
	DetailOutcome      = "outcome"       // room.closed: what became of the room
	DetailReminder     = "reminder"      // reminded: ReminderUnacked or ReminderUpdate
	DetailSLA          = "sla"           // sla.breached: "ack" or "resolve"
	DetailTarget       = "target"        // sla.breached: the SLA's target duration
	DetailUntil        = "until"         // snoozed: RFC 3339 end of the snooze
	DetailFor          = "for"           // snoozed: the snooze's duration
	DetailAction       = "action"        // refused: the action turned down
	DetailCalendar     = "calendar"      // handoff: the calendar whose window changed (with from and to)
	DetailEffect       = "effect"        // delivery.failed: the effect's kind
	DetailError        = "error"         // delivery.failed: why it failed for good
	// DetailPrevious and DetailPreviousArchivedAt: opened, for an alert
	// group whose earlier incident retention archived.
	DetailPrevious           = "previous"
	DetailPreviousArchivedAt = "previous_archived_at"
)

// Values of DetailReminder.
const (
	ReminderUnacked = "unacked" // nobody acknowledged yet
	ReminderUpdate  = "update"  // the holder is asked for an update
)

// Effect-data keys: the names under which an Effect's Data is stored in the
// outbox. Entries written by an earlier version are delivered after an
// upgrade, so a key is never renamed.
const (
	DataAction   = "action"   // page: one of the Page* actions
	DataStep     = "step"     // page trigger: the step, as DetailStep
	DataWindow   = "window"   // page trigger: the window, as DetailWindow
	DataSide     = "side"     // page trigger: the team's side
	DataFilename = "filename" // channel.file: the file's name
	DataContent  = "content"  // channel.file: the file, base64
	// DataNoFiles: channel.file, what a chat that takes no files posts in
	// the file's place ("" or absent: nothing, the text already says all).
	DataNoFiles  = "nofiles"
	DataReplaces = "replaces" // room.create: the closed room a new one replaces
	// DataUser: room.invite, the invitee's user on the effect's platform
	// ("" when they have none there), resolved when it is planned; an
	// invite planned by an earlier version has no such key.
	DataUser = "user"
)

// Values of DataAction: what a page effect does at the paging service.
const (
	PageTrigger     = "trigger"
	PageAcknowledge = "acknowledge"
	PageResolve     = "resolve"
)

// Timer-data keys: the names under which a Timer's Data is stored.
const (
	TimerDataCursor = "cursor" // ladder: the position to evaluate when due
	TimerDataTarget = "target" // sla.*: the SLA's target duration
)
