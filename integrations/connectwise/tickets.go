package connectwise

import (
	"context"
	"fmt"
	"net/url"
	"strconv"
	"strings"
)

// Ref is a reference by name (a board, status or priority), with the ID
// ConnectWise answers with.
type Ref struct {
	ID   int    `json:"id,omitempty"`
	Name string `json:"name,omitempty"`
}

// CompanyRef is a reference to a company by its identifier.
type CompanyRef struct {
	ID         int    `json:"id,omitempty"`
	Identifier string `json:"identifier,omitempty"`
}

// MemberRef is a reference to a member by identifier.
type MemberRef struct {
	ID         int    `json:"id,omitempty"`
	Identifier string `json:"identifier,omitempty"`
}

// Info is an entity's metadata (_info): who changed it last, and when.
type Info struct {
	LastUpdated string `json:"lastUpdated,omitempty"`
	UpdatedBy   string `json:"updatedBy,omitempty"`
}

// Ticket is a service ticket, the fields Tandem uses.
type Ticket struct {
	ID                 int        `json:"id,omitempty"`
	Summary            string     `json:"summary"`
	Board              Ref        `json:"board"`
	Company            CompanyRef `json:"company"`
	Status             *Ref       `json:"status,omitempty"`
	Priority           *Ref       `json:"priority,omitempty"`
	InitialDescription string     `json:"initialDescription,omitempty"`
	ExternalXRef       string     `json:"externalXRef,omitempty"`
	ClosedFlag         bool       `json:"closedFlag,omitempty"`
	Info               Info       `json:"_info,omitzero"`
}

// StatusName is the ticket's status name, "" when it has none.
func (t Ticket) StatusName() string {
	if t.Status == nil {
		return ""
	}
	return t.Status.Name
}

// CreateTicket opens t and returns it as ConnectWise stored it.
func (c *Client) CreateTicket(ctx context.Context, t Ticket) (Ticket, error) {
	var out Ticket
	err := c.do(ctx, "POST", "service/tickets", t, &out)
	return out, err
}

// TicketByXRef finds the ticket whose externalXRef is ref (Tandem's
// marker), ok false when there is none.
func (c *Client) TicketByXRef(ctx context.Context, ref string) (t Ticket, ok bool, err error) {
	cond := "externalXRef=" + strconv.Quote(ref)
	var out []Ticket
	if err := c.do(ctx, "GET", "service/tickets?conditions="+url.QueryEscape(cond)+"&pageSize=2", nil, &out); err != nil {
		return Ticket{}, false, err
	}
	if len(out) == 0 {
		return Ticket{}, false, nil
	}
	return out[0], true, nil
}

// Ticket reads ticket id.
func (c *Client) Ticket(ctx context.Context, id int) (Ticket, error) {
	var out Ticket
	err := c.do(ctx, "GET", "service/tickets/"+strconv.Itoa(id), nil, &out)
	return out, err
}

// patchOp is one operation of a JSON Patch (RFC 6902) as ConnectWise takes it.
type patchOp struct {
	Op    string `json:"op"`
	Path  string `json:"path"`
	Value any    `json:"value"`
}

// SetStatus moves ticket id to the status named status. Replacing a
// status with itself changes nothing, so a retry is harmless.
func (c *Client) SetStatus(ctx context.Context, id int, status string) error {
	ops := []patchOp{{Op: "replace", Path: "status", Value: Ref{Name: status}}}
	return c.do(ctx, "PATCH", "service/tickets/"+strconv.Itoa(id), ops, nil)
}

// SetPriority gives ticket id the priority named priority.
func (c *Client) SetPriority(ctx context.Context, id int, priority string) error {
	ops := []patchOp{{Op: "replace", Path: "priority", Value: Ref{Name: priority}}}
	return c.do(ctx, "PATCH", "service/tickets/"+strconv.Itoa(id), ops, nil)
}

// ParseTicketID reads a ticket ID as Tandem stores it (a room's channel).
func ParseTicketID(s string) (int, error) {
	id, err := strconv.Atoi(strings.TrimSpace(s))
	if err != nil || id <= 0 {
		return 0, fmt.Errorf("connectwise: %q is not a ticket ID", s)
	}
	return id, nil
}
