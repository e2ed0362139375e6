// Package connectwise is a client of the ConnectWise PSA (Manage) REST API
// 3.0, as Tandem uses it to keep a service ticket per incident: tickets
// opened on a board for a company, notes written on them, their status
// moved, and both read back when a callback says a ticket changed.
//
// Wire format, from ConnectWise's reference as its public mirrors show it
// (cited in connectwisetest, whose fake speaks the same format):
//
//   - every call carries Authorization: Basic base64("<company_id>+<public
//     key>:<private key>") and the integration's clientId header;
//   - POST service/tickets {summary, board{name}, company{identifier},
//     priority{name}, initialDescription, externalXRef};
//   - GET service/tickets?conditions=externalXRef="…" finds a ticket by
//     Tandem's marker; GET service/tickets/{id} reads status.name and
//     _info.updatedBy;
//   - PATCH service/tickets/{id} with a JSON Patch array
//     [{"op":"replace","path":"status","value":{"name":"…"}}];
//   - POST and GET service/tickets/{id}/notes {text, detailDescriptionFlag,
//     internalAnalysisFlag, resolutionFlag};
//   - errors are {"code","message","errors":[…]}; 429 carries Retry-After.
//
// Failures come back as *chat.DeliveryError (429 and 5xx retried, after
// Retry-After when given; other 4xx permanent), so the outbox retries them.
package connectwise
