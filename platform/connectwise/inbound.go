package connectwise

import (
	"context"
	"crypto/subtle"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"strconv"
	"strings"

	"github.com/tandemhq/tandem/chat"
	"github.com/tandemhq/tandem/incident"
	cw "github.com/tandemhq/tandem/integrations/connectwise"
	"github.com/tandemhq/tandem/platform"
)

// maxCallback caps a callback's body (a ticket's JSON is a few KiB).
const maxCallback = 1 << 20

// inbound serves ConnectWise's callbacks (POST /webhooks/connectwise
// ?token=…). ConnectWise signs nothing, so the URL's token is the
// credential, compared in constant time. The body only says which ticket
// changed: the ticket and its notes are read back from the API, and only
// a change by a configured member is acted on, as that member.
type inbound struct {
	api      *cw.Client
	token    string
	statuses Statuses
	members  map[string]bool
	handle   platform.Handle
	claim    func(ctx context.Context, key string) (bool, error)
	incident func(ctx context.Context, id string) (incident.Incident, error)
	log      *slog.Logger
}

func (h *inbound) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	got := r.URL.Query().Get("token")
	if h.token == "" || subtle.ConstantTimeCompare([]byte(got), []byte(h.token)) != 1 {
		h.log.Warn("ConnectWise callback refused: wrong or missing token", "remote", r.RemoteAddr)
		http.Error(w, "wrong or missing token", http.StatusUnauthorized)
		return
	}
	body, err := io.ReadAll(http.MaxBytesReader(w, r.Body, maxCallback))
	if err != nil {
		http.Error(w, "callback body too large or unreadable", http.StatusRequestEntityTooLarge)
		return
	}
	cb, err := cw.DecodeCallback(body)
	if err != nil {
		http.Error(w, err.Error(), http.StatusBadRequest)
		return
	}
	if !cb.IsTicket() {
		w.WriteHeader(http.StatusOK) // another entity, or a deleted ticket: nothing to do
		return
	}
	// The work continues past a dropped connection: ConnectWise does not wait long.
	if err := h.sync(context.WithoutCancel(r.Context()), cb.ID); err != nil {
		h.log.Error("ConnectWise callback not handled; ConnectWise may send it again", "ticket", cb.ID, "err", err)
		http.Error(w, "the ticket could not be read back, or is not recorded as its incident's room yet: send the callback again", http.StatusServiceUnavailable)
		return
	}
	w.WriteHeader(http.StatusOK)
}

// sync reads ticket id back and acts on what people changed: its status
// and their notes. Tickets Tandem did not open are left alone.
func (h *inbound) sync(ctx context.Context, id int) error {
	t, err := h.api.Ticket(ctx, id)
	if cw.IsNotFound(err) {
		return nil
	}
	if err != nil {
		return err
	}
	if !strings.HasPrefix(t.ExternalXRef, "tandem:") {
		return nil
	}
	if err := h.recorded(ctx, t); err != nil {
		return err
	}
	if err := h.status(ctx, t); err != nil {
		return err
	}
	notes, err := h.api.Notes(ctx, id)
	if err != nil {
		return err
	}
	return h.notes(ctx, id, notes)
}

// recorded fails while ticket t, opened by Tandem, is not yet recorded as
// its incident's room: the outbox records it just after ConnectWise
// answers, and a member this quick would have their change claimed and
// then refused (no incident has that room yet), so it would be lost. The
// callback is answered 503 and sent again. An incident this deployment
// does not hold (another's ticket) is left to the commands to refuse.
func (h *inbound) recorded(ctx context.Context, t cw.Ticket) error {
	id, _, _ := strings.Cut(strings.TrimPrefix(t.ExternalXRef, "tandem:"), "@")
	inc, err := h.incident(ctx, id)
	if incident.ErrorCode(err) == incident.ENotFound {
		return nil
	}
	if err != nil {
		return err
	}
	if inc.Room[cw.Platform] == "" && inc.Closed[cw.Platform] != strconv.Itoa(t.ID) {
		return fmt.Errorf("connectwise: ticket %d of %s is not recorded as its room yet", t.ID, id)
	}
	return nil
}

// status turns a ticket moved to statuses.acknowledged or resolved by a
// mapped member into ack or resolve as that member. Tandem's own moves are
// made by the API member, whom no person is mapped to: they are echoes.
func (h *inbound) status(ctx context.Context, t cw.Ticket) error {
	cmd := ""
	switch t.StatusName() {
	case "":
	case h.statuses.Acknowledged:
		cmd = "ack"
	case h.statuses.Resolved:
		cmd = "resolve"
	}
	by := t.Info.UpdatedBy
	if cmd == "" {
		return nil
	}
	if !h.members[by] {
		h.log.Info("ticket status not acted on: changed by a member no person is mapped to (Tandem's API member, or accounts.connectwise missing)",
			"ticket", t.ID, "status", t.StatusName(), "member", by)
		return nil
	}
	key := "connectwise:status:" + strconv.Itoa(t.ID) + ":" + t.StatusName() + ":" + t.Info.LastUpdated
	return h.act(ctx, key, chat.Request{Platform: cw.Platform, User: by, Name: by, Channel: strconv.Itoa(t.ID), Text: cmd})
}

// notes turns each note a mapped member wrote into a timeline note; notes
// bearing Tandem's marker are its own.
func (h *inbound) notes(ctx context.Context, id int, notes []cw.Note) error {
	for _, n := range notes {
		text := strings.TrimSpace(n.Text)
		if chat.HasMarker(text) || text == "" {
			continue
		}
		if !h.members[n.Author()] {
			h.log.Debug("ticket note not copied: its author is not a mapped member", "ticket", id, "note", n.ID, "member", n.Author())
			continue
		}
		key := "connectwise:note:" + strconv.Itoa(id) + ":" + strconv.Itoa(n.ID)
		req := chat.Request{Platform: cw.Platform, User: n.Author(), Name: n.Author(), Channel: strconv.Itoa(id), Text: "note " + text}
		if err := h.act(ctx, key, req); err != nil {
			return err
		}
	}
	return nil
}

// act runs req once per key: a callback sent again, or a second callback
// reading the same change, does nothing more.
func (h *inbound) act(ctx context.Context, key string, req chat.Request) error {
	first, err := h.claim(ctx, key)
	if err != nil {
		return err
	}
	if !first {
		return nil
	}
	resp := h.handle(ctx, req)
	h.log.Info("ConnectWise change applied", "ticket", req.Channel, "member", req.User, "command", strings.SplitN(req.Text, " ", 2)[0],
		"answer", resp.Text)
	return nil
}
