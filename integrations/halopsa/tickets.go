package halopsa

import (
	"context"
	"fmt"
	"net/url"
	"strconv"

	"github.com/tandemhq/tandem/chat"
)

// Ticket is the part of a Halo ticket (a "Fault") Tandem writes and reads.
type Ticket struct {
	ID           int    `json:"id,omitempty"`
	Summary      string `json:"summary,omitempty"`
	Details      string `json:"details,omitempty"`
	TicketTypeID int    `json:"tickettype_id,omitempty"`
	ClientID     int    `json:"client_id,omitempty"`
	PriorityID   int    `json:"priority_id,omitempty"`
	StatusID     int    `json:"status_id,omitempty"`
	// Team is the Halo team (queue) the ticket is assigned to, by name.
	Team string `json:"team,omitempty"`
	// ClientReference is the ticket's external reference: Tandem writes
	// its own reference there, to find the ticket again after a crash.
	ClientReference string `json:"clientreference,omitempty"`
}

// CreateTicket opens t (its ID empty) and returns the ticket Halo made.
func (c *Client) CreateTicket(ctx context.Context, t Ticket) (Ticket, error) {
	if t.ID != 0 {
		return Ticket{}, chat.Permanent(fmt.Errorf("halopsa: creating ticket %d: a new ticket has no id", t.ID))
	}
	return c.postTicket(ctx, t)
}

// SetStatus moves ticket id to status.
func (c *Client) SetStatus(ctx context.Context, id, status int) error {
	_, err := c.postTicket(ctx, Ticket{ID: id, StatusID: status})
	return err
}

// SetPriority sets ticket id's priority.
func (c *Client) SetPriority(ctx context.Context, id, priority int) error {
	_, err := c.postTicket(ctx, Ticket{ID: id, PriorityID: priority})
	return err
}

// postTicket posts one ticket in the array Halo takes and returns it as
// Halo answers: the ticket itself, or an array of one.
func (c *Client) postTicket(ctx context.Context, t Ticket) (Ticket, error) {
	var raw oneOrMany[Ticket]
	if err := c.call(ctx, "POST", "Tickets", []Ticket{t}, &raw); err != nil {
		return Ticket{}, err
	}
	if len(raw) == 0 || raw[0].ID == 0 {
		return Ticket{}, fmt.Errorf("halopsa: POST Tickets: the answer names no ticket")
	}
	return raw[0], nil
}

// Ticket reads ticket id.
func (c *Client) Ticket(ctx context.Context, id int) (Ticket, error) {
	var t Ticket
	err := c.call(ctx, "GET", "Tickets/"+strconv.Itoa(id), nil, &t)
	return t, err
}

// FindTicket returns the ticket whose client reference is ref, if any.
func (c *Client) FindTicket(ctx context.Context, ref string) (Ticket, bool, error) {
	var out struct {
		Tickets []Ticket `json:"tickets"`
	}
	q := url.Values{"client_ref": {ref}, "count": {"5"}}
	if err := c.call(ctx, "GET", "Tickets?"+q.Encode(), nil, &out); err != nil {
		return Ticket{}, false, err
	}
	for _, t := range out.Tickets {
		if t.ClientReference == ref {
			return t, true, nil
		}
	}
	return Ticket{}, false, nil
}
