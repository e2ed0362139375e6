// Package incident holds Tandem's domain: incidents, alerts, timeline events,
// severities, sides and actors, and the state machine that moves an incident
// from open to acked to resolved. Everything here is a pure function of its
// inputs and "now"; the package does no I/O and imports no project package.
package incident
