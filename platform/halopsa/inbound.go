package halopsa

import (
	"context"
	"crypto/subtle"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"strconv"
	"strings"
	"sync"

	"github.com/tandemhq/tandem/chat"
	"github.com/tandemhq/tandem/incident"
	api "github.com/tandemhq/tandem/integrations/halopsa"
	"github.com/tandemhq/tandem/platform"
)

// maxWebhookBody caps a webhook's body; Halo's carries a ticket and an action.
const maxWebhookBody = 1 << 20

// webhook is POST /webhooks/halopsa.
type webhook struct {
	t      *Tickets
	d      platform.Deps
	handle platform.Handle
	log    *slog.Logger
	mu     sync.Mutex
}

func newInbound(t *Tickets, d platform.Deps, h platform.Handle) platform.Inbound {
	w := &webhook{t: t, d: d, handle: h, log: d.Log}
	return platform.Inbound{Mount: func(mux *http.ServeMux) { mux.Handle("POST /webhooks/halopsa", w) }}
}

// ServeHTTP checks the Basic credentials, reads the ticket id, and acts on
// the ticket as read from Halo. A ticket Tandem does not know, or an agent
// it does not know, is answered 200 (logged) so Halo does not send it
// again; a failure to read Halo is 503, so Halo may.
func (w *webhook) ServeHTTP(rw http.ResponseWriter, r *http.Request) {
	if !w.authorized(r) {
		rw.Header().Set("WWW-Authenticate", `Basic realm="tandem"`)
		http.Error(rw, "bad or missing Basic credentials", http.StatusUnauthorized)
		return
	}
	body, err := io.ReadAll(http.MaxBytesReader(rw, r.Body, maxWebhookBody))
	if err != nil {
		http.Error(rw, "body too large or unreadable", http.StatusRequestEntityTooLarge)
		return
	}
	hook, err := api.DecodeWebhook(body)
	if err != nil {
		http.Error(rw, err.Error(), http.StatusBadRequest)
		return
	}
	for _, id := range hook.TicketIDs {
		if err := w.ticketChanged(r.Context(), id); err != nil && !chat.IsPermanent(err) {
			w.log.Warn("halopsa webhook not handled", "ticket", id, "err", err)
			http.Error(rw, "could not read the ticket or the incident; send again", http.StatusServiceUnavailable)
			return
		} else if err != nil {
			// Halo refused for good (a deleted ticket): sending again cannot help.
			w.log.Warn("halopsa webhook for a ticket Halo does not give; ignored", "ticket", id, "err", err)
		}
	}
	rw.WriteHeader(http.StatusOK)
}

// authorized compares both Basic credentials in constant time.
func (w *webhook) authorized(r *http.Request) bool {
	user, pass, ok := r.BasicAuth()
	if !ok {
		return false
	}
	u := subtle.ConstantTimeCompare([]byte(user), []byte(w.t.sec.WebhookUser))
	p := subtle.ConstantTimeCompare([]byte(pass), []byte(w.t.sec.WebhookPassword.Value()))
	return u&p == 1
}

// ticketChanged reads the ticket and its actions and acts on every agent
// action not seen before, oldest first.
func (w *webhook) ticketChanged(ctx context.Context, id int) error {
	// One webhook at a time in this replica, so two webhooks of one ticket
	// apply its actions in order; across replicas the claims keep each
	// action to once.
	w.mu.Lock()
	defer w.mu.Unlock()
	tk, err := w.t.api.Ticket(ctx, id)
	if err != nil {
		return err
	}
	incID, err := w.incidentOf(ctx, tk)
	if err != nil || incID == "" {
		return err
	}
	acts, err := w.t.api.Actions(ctx, id)
	if err != nil {
		return err
	}
	for _, a := range acts {
		a.TicketID = id // the ticket read, whatever the list says: part of the action's name
		if err := w.action(ctx, incID, a); err != nil {
			return err
		}
	}
	return nil
}

// incidentOf is the incident whose room is ticket tk, "" when none is
// (another deployment's ticket, a reference edited by hand).
func (w *webhook) incidentOf(ctx context.Context, tk api.Ticket) (string, error) {
	id := incidentOf(tk.ClientReference)
	if id == "" {
		w.log.Info("halopsa webhook for a ticket Tandem did not open; ignored", "ticket", tk.ID)
		return "", nil
	}
	inc, err := w.d.Incident(ctx, id)
	if incident.ErrorCode(err) == incident.ENotFound {
		w.log.Info("halopsa webhook for an unknown incident; ignored", "ticket", tk.ID, "incident", id)
		return "", nil
	}
	if err != nil {
		return "", err // Redis down: Halo sends it again
	}
	ch := strconv.Itoa(tk.ID)
	switch {
	case inc.Room[Name] == ch || inc.Closed[Name] == ch:
		return id, nil
	case inc.Room[Name] == "":
		// Halo has the ticket, and the outbox records it as the room just
		// after: an agent this quick is answered 503, so Halo sends the
		// webhook again, rather than have the change dropped.
		return "", fmt.Errorf("halopsa: ticket %d of %s is not recorded as its room yet", tk.ID, id)
	}
	w.log.Info("halopsa webhook: the ticket is not this incident's room; ignored", "ticket", tk.ID, "incident", id)
	return "", nil
}

// action turns one agent action into a command, once: Tandem's own
// actions (they carry its marker) are echoes, and a claim per action
// keeps a webhook sent again (or two at once) from acting twice.
func (w *webhook) action(ctx context.Context, incID string, a api.Action) error {
	if chat.HasMarker(a.Note) || a.WhoAgentID == 0 {
		return nil // Tandem's own write, or Halo's system / an end user
	}
	cmds := w.commands(incID, a)
	if len(cmds) == 0 {
		return nil
	}
	// An action's id is its number within its ticket: the ticket is part of its name.
	first, err := w.d.Claim(ctx, "halopsa:action:"+strconv.Itoa(a.TicketID)+":"+strconv.Itoa(a.ID))
	if err != nil || !first {
		return err
	}
	for _, text := range cmds {
		req := chat.Request{Platform: Name, User: strconv.Itoa(a.WhoAgentID), Name: a.Who, Text: text}
		resp := w.handle(context.WithoutCancel(ctx), req)
		w.log.Info("halopsa action applied", "incident", incID, "ticket", a.TicketID, "action", a.ID,
			"agent", a.WhoAgentID, "command", strings.SplitN(text, " ", 2)[0], "answer", resp.Text)
	}
	return nil
}

// commands are what an agent's action means: a move to the acknowledged
// status acks (and its note, if any, is a note), a move to the resolved
// status resolves with its note, any other note is a timeline note. A
// new_status equal to old_status moved nothing.
func (w *webhook) commands(incID string, a api.Action) []string {
	note := strings.Join(strings.Fields(a.Note), " ")
	var out []string
	if a.NewStatus != 0 && a.NewStatus != a.OldStatus {
		switch a.NewStatus {
		case w.t.sec.Statuses.Acknowledged:
			out = append(out, "ack "+incID)
		case w.t.sec.Statuses.Resolved:
			return []string{strings.TrimSpace("resolve " + incID + " " + note)}
		}
	}
	if note != "" {
		out = append(out, "note "+incID+" "+note)
	}
	return out
}
