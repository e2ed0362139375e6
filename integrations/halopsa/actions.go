package halopsa

import (
	"context"
	"encoding/json"
	"fmt"
	"strconv"
)

// Action is one entry of a ticket's history: a note, an e-mail, a status
// change (new_status) or all of these at once.
type Action struct {
	ID       int    `json:"id,omitempty"`
	TicketID int    `json:"ticket_id"`
	Note     string `json:"note,omitempty"`
	Outcome  string `json:"outcome,omitempty"`
	// HiddenFromUser makes the note private: agents see it, the ticket's
	// end user does not.
	HiddenFromUser bool `json:"hiddenfromuser"`
	NewStatus      int  `json:"new_status,omitempty"`
	// OldStatus is the status before the action: Halo may repeat the
	// current status in new_status on an action that changed nothing.
	OldStatus int `json:"old_status,omitempty"`
	// WhoAgentID is the agent who did it (0 for an end user or the system);
	// Who is the name Halo shows.
	WhoAgentID int    `json:"who_agentid,omitempty"`
	Who        string `json:"who,omitempty"`
}

// AddAction writes a on its ticket and returns it as Halo stored it.
func (c *Client) AddAction(ctx context.Context, a Action) (Action, error) {
	var raw oneOrMany[Action]
	if err := c.call(ctx, "POST", "Actions", []Action{a}, &raw); err != nil {
		return Action{}, err
	}
	if len(raw) == 0 {
		return Action{}, fmt.Errorf("halopsa: POST Actions: the answer names no action")
	}
	return raw[0], nil
}

// Actions lists ticket id's actions, oldest first.
func (c *Client) Actions(ctx context.Context, id int) ([]Action, error) {
	var out struct {
		Actions []Action `json:"actions"`
	}
	err := c.call(ctx, "GET", "Actions?ticket_id="+strconv.Itoa(id), nil, &out)
	return out.Actions, err
}

// oneOrMany decodes either one object or an array of them: Halo answers a
// POST of an array with the record it saved, and some versions with the
// array.
type oneOrMany[T any] []T

func (o *oneOrMany[T]) UnmarshalJSON(b []byte) error {
	var many []T
	if err := json.Unmarshal(b, &many); err == nil {
		*o = many
		return nil
	}
	var one T
	if err := json.Unmarshal(b, &one); err != nil {
		return err
	}
	*o = []T{one}
	return nil
}
