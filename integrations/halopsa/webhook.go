package halopsa

import (
	"encoding/json"
	"errors"
	"fmt"
	"strconv"
)

// Webhook is what Tandem takes from a Halo webhook's body: which ticket it
// is about. Nothing else in the body is trusted; the ticket and its
// actions are read back from the API before anything is done.
type Webhook struct {
	TicketID int
}

// webhookBody is the part of the default payload (the ticket and, for an
// action event, the action) that names the ticket, and the flat form a
// custom payload may use.
type webhookBody struct {
	TicketID flexInt `json:"ticket_id"`
	Ticket   *struct {
		ID flexInt `json:"id"`
	} `json:"ticket"`
	Action *struct {
		TicketID flexInt `json:"ticket_id"`
	} `json:"action"`
}

// DecodeWebhook reads the ticket ID from a webhook body.
func DecodeWebhook(body []byte) (Webhook, error) {
	var b webhookBody
	if err := json.Unmarshal(body, &b); err != nil {
		return Webhook{}, fmt.Errorf("halopsa webhook: not a JSON object: %w", err)
	}
	id := int(b.TicketID)
	if b.Ticket != nil && b.Ticket.ID > 0 {
		id = int(b.Ticket.ID)
	}
	if id == 0 && b.Action != nil {
		id = int(b.Action.TicketID)
	}
	if id <= 0 {
		return Webhook{}, errors.New("halopsa webhook: no ticket id (ticket.id, action.ticket_id or ticket_id)")
	}
	return Webhook{TicketID: id}, nil
}

// flexInt is an ID written as a number or a string of digits.
type flexInt int

func (f *flexInt) UnmarshalJSON(b []byte) error {
	var n int
	if err := json.Unmarshal(b, &n); err == nil {
		*f = flexInt(n)
		return nil
	}
	var s string
	if err := json.Unmarshal(b, &s); err != nil {
		return fmt.Errorf("an id must be a number, got %s", b)
	}
	n, err := strconv.Atoi(s)
	if err != nil {
		return fmt.Errorf("an id must be a number, got %q", s)
	}
	*f = flexInt(n)
	return nil
}
