// Package escalation decides who is paged, and when: calendar windows
// (business hours or after hours, holidays, DST), escalation ladders
// (steps filtered by window and severity, waits, repeats, manual escalate),
// ladder previews, and built-in on-call rotations.
//
// Everything is a pure function of its inputs and "now": no I/O, no
// config, no store. The bot maps its configuration into Calendar, Ladder
// and Rotation values and keeps the ladder's cursor and timers in Redis;
// this package only says what reaching a step does and how long to wait.
//
// Timer protocol for a ladder: on open, call Next(0, sev, now); page
// a.Teams, recording a.Reached() on each page, store a.NextCursor() and set
// a timer at now+a.Wait carrying Pending{Cursor: a.NextCursor()}. When the
// timer fires, call Next(stored, sev, firedAt) and repeat. ok=false means
// the ladder holds: stop scheduling steps and keep only reminders. Reached
// and Pending own the stored form of both (protocol.go).
package escalation
