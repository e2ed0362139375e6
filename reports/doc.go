// Package reports computes and renders what managers read about incidents:
// the period report (figures by side, SLA met, the slowest incidents), its
// chart, the post-incident review in Markdown and the incident JSON export.
//
// Everything here is a pure function of incidents, timelines and rules
// handed in: fetching them from the store is the use cases' job
// (package handlers), so this package does no I/O and knows no Service.
package reports
