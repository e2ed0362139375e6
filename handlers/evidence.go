package handlers

import "github.com/tandemhq/tandem/incident"

// ReviewMarkdown renders the post-incident review of inc from the given
// timeline (the evidence pack's, read once for the review, the JSON and
// the verification alike), as Export does from the store.
func (s *Service) ReviewMarkdown(inc incident.Incident, events []incident.Event) []byte {
	return []byte(s.review(inc, events))
}
