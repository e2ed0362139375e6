package handlers

import (
	"fmt"

	"github.com/tandemhq/tandem/incident"
)

// planReview posts the post-incident review in every room of an incident
// that this change resolves. The effect ID is per change, so a reopened
// incident that resolves again gets a new review, and a replayed change
// does not post one twice. The review is rendered when delivered, from the
// incident and timeline as they are then.
func (p *planner) planReview() {
	inc := p.c.Incident
	for _, e := range p.c.Events {
		if e.Kind != incident.KindResolved {
			continue
		}
		for _, platform := range p.s.roomPlatforms(inc) {
			p.effect(incident.Effect{ID: fmt.Sprintf("%s/review/v%d/%s", inc.ID, p.c.Before+1, platform),
				Kind: incident.EffectRoomFile, Incident: inc.ID, Platform: platform})
		}
		return
	}
}
