package chat

import "github.com/tandemhq/tandem/incident"

// ticketPublic are the timeline entries a PSA ticket shows its end user
// (the customer's contact, in the PSA's portal): that the incident opened,
// was acknowledged, changed severity, was resolved or reopened. Every other
// entry (alerts, pages, escalations, reminders, people's working notes,
// refusals, delivery failures) is an internal note: it may name people and
// systems the customer's contact need not see.
var ticketPublic = map[incident.Kind]bool{
	incident.KindOpened: true, incident.KindAcked: true, incident.KindResolved: true,
	incident.KindReopened: true, incident.KindSeverityChanged: true,
}

// TicketPublic reports whether a PSA writes the entry of kind k as a note
// its end user sees; both PSAs (ConnectWise, HaloPSA) follow it.
func TicketPublic(k incident.Kind) bool { return ticketPublic[k] }
