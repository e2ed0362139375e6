package connectwise

import (
	"encoding/json"
	"errors"
	"fmt"
	"strconv"
	"strings"
)

// Callback is what ConnectWise POSTs to a callback URL (system/callbacks)
// when an entity changes: the action ("added", "updated", "deleted"), the
// entity's type and ID, and the entity itself as a JSON string. Tandem
// trusts none of it but the ID: it reads the ticket back before acting.
type Callback struct {
	Action string
	Type   string
	ID     int
}

// callbackBody is the wire form. ID comes as a number; some versions send
// it as a string, so both are taken.
type callbackBody struct {
	Action string          `json:"Action"`
	Type   string          `json:"Type"`
	ID     json.RawMessage `json:"ID"`
	Entity string          `json:"Entity"`
}

// DecodeCallback parses a callback body, naming what is wrong with it.
func DecodeCallback(body []byte) (Callback, error) {
	var b callbackBody
	if err := json.Unmarshal(body, &b); err != nil {
		return Callback{}, fmt.Errorf("callback body is not the callback JSON object: %w", err)
	}
	if len(b.ID) == 0 {
		return Callback{}, errors.New("callback has no ID")
	}
	raw := strings.Trim(string(b.ID), `"`)
	id, err := strconv.Atoi(raw)
	if err != nil || id <= 0 {
		return Callback{}, fmt.Errorf("callback ID %s is not a positive integer", b.ID)
	}
	cb := Callback{Action: strings.ToLower(b.Action), Type: strings.ToLower(b.Type), ID: id}
	if cb.Action == "" {
		return Callback{}, errors.New("callback has no Action")
	}
	return cb, nil
}

// IsTicket reports whether the callback is about a service ticket that
// still exists (a deleted ticket has nothing to read back).
func (cb Callback) IsTicket() bool {
	return (cb.Type == "ticket" || cb.Type == "") && cb.Action != "deleted"
}
