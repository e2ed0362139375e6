package connectwise

import (
	"context"
	"strconv"
)

// Note is a ticket note. Exactly one of the three flags says where
// ConnectWise shows it: the discussion (DetailDescription), internal
// analysis (hidden from the customer's portal) or the resolution.
type Note struct {
	ID                    int        `json:"id,omitempty"`
	TicketID              int        `json:"ticketId,omitempty"`
	Text                  string     `json:"text"`
	DetailDescriptionFlag bool       `json:"detailDescriptionFlag"`
	InternalAnalysisFlag  bool       `json:"internalAnalysisFlag"`
	ResolutionFlag        bool       `json:"resolutionFlag"`
	Member                *MemberRef `json:"member,omitempty"`
	CreatedBy             string     `json:"createdBy,omitempty"`
	DateCreated           string     `json:"dateCreated,omitempty"`
}

// Author is who wrote the note: its member's identifier, else createdBy.
func (n Note) Author() string {
	if n.Member != nil && n.Member.Identifier != "" {
		return n.Member.Identifier
	}
	return n.CreatedBy
}

// AddNote writes n on ticket id.
func (c *Client) AddNote(ctx context.Context, id int, n Note) (Note, error) {
	var out Note
	err := c.do(ctx, "POST", "service/tickets/"+strconv.Itoa(id)+"/notes", n, &out)
	return out, err
}

// Notes reads ticket id's notes, oldest first (up to 1000: ConnectWise's
// largest page; an incident's ticket holds far fewer).
func (c *Client) Notes(ctx context.Context, id int) ([]Note, error) {
	var out []Note
	err := c.do(ctx, "GET", "service/tickets/"+strconv.Itoa(id)+"/notes?orderBy=id%20asc&pageSize=1000", nil, &out)
	return out, err
}
