package halopsa

import (
	"encoding/json"
	"errors"
	"fmt"
	"slices"
	"strconv"
)

// Webhook is what Tandem takes from a Halo webhook's body: which tickets
// it is about (one, or several when the webhook batches its deliveries).
// Nothing else in the body is trusted; the tickets and their actions are
// read back from the API before anything is done.
type Webhook struct {
	TicketIDs []int
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

// maxBatch bounds the tickets one webhook may name.
const maxBatch = 100

// DecodeWebhook reads the ticket IDs from a webhook body: one JSON object,
// or an array of them (a batched delivery), each naming its ticket.
func DecodeWebhook(body []byte) (Webhook, error) {
	var many []webhookBody
	if err := json.Unmarshal(body, &many); err != nil {
		var one webhookBody
		if err := json.Unmarshal(body, &one); err != nil {
			return Webhook{}, fmt.Errorf("halopsa webhook: not a JSON object or array of them: %w", err)
		}
		many = []webhookBody{one}
	}
	if len(many) == 0 || len(many) > maxBatch {
		return Webhook{}, fmt.Errorf("halopsa webhook: %d events, want 1 to %d", len(many), maxBatch)
	}
	var w Webhook
	for i, b := range many {
		id, err := b.ticketID()
		if err != nil {
			return Webhook{}, fmt.Errorf("halopsa webhook: event %d: %w", i, err)
		}
		if !slices.Contains(w.TicketIDs, id) {
			w.TicketIDs = append(w.TicketIDs, id)
		}
	}
	return w, nil
}

// ticketID is the ticket one event names.
func (b webhookBody) ticketID() (int, error) {
	id := int(b.TicketID)
	if b.Ticket != nil && b.Ticket.ID > 0 {
		id = int(b.Ticket.ID)
	}
	if id == 0 && b.Action != nil {
		id = int(b.Action.TicketID)
	}
	if id <= 0 {
		return 0, errors.New("no ticket id (ticket.id, action.ticket_id or ticket_id)")
	}
	return id, nil
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
