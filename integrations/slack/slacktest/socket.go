package slacktest

import (
	"encoding/json"
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"sync"
	"time"

	"github.com/gorilla/websocket"
)

// socket is the fake's Socket Mode side: apps.connections.open hands out
// its URL; the bot connects, gets "hello", and acknowledges envelopes.
type socket struct {
	mu    sync.Mutex
	conn  *websocket.Conn
	acks  map[string]chan json.RawMessage
	write sync.Mutex
}

var upgrader = websocket.Upgrader{CheckOrigin: func(*http.Request) bool { return true }}

func (s *Server) serveSocket(w http.ResponseWriter, r *http.Request) {
	conn, err := upgrader.Upgrade(w, r, nil)
	if err != nil {
		return
	}
	sk := &socket{conn: conn, acks: map[string]chan json.RawMessage{}}
	s.mu.Lock()
	s.socket = sk
	s.mu.Unlock()
	sk.send(map[string]any{"type": "hello", "num_connections": 1, "connection_info": map[string]any{"app_id": "ATANDEM"}})
	for {
		var ack struct {
			EnvelopeID string          `json:"envelope_id"`
			Payload    json.RawMessage `json:"payload"`
		}
		if err := conn.ReadJSON(&ack); err != nil {
			return
		}
		sk.mu.Lock()
		ch := sk.acks[ack.EnvelopeID]
		sk.mu.Unlock()
		if ch != nil {
			ch <- ack.Payload
		}
	}
}

func (sk *socket) send(v any) error {
	sk.write.Lock()
	defer sk.write.Unlock()
	return sk.conn.WriteJSON(v)
}

// SocketConnected reports whether the bot holds a Socket Mode connection.
func (s *Server) SocketConnected() bool {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.socket != nil
}

// SocketCommand sends "/incident text" over Socket Mode and waits (up to
// 5 s) for the bot's ack; the Reply's Body is the ack's payload.
func (s *Server) SocketCommand(user, channel, text string) (Reply, error) {
	id := s.nextID()
	payload := map[string]string{
		"team_id": "TTEST", "channel_id": channel, "user_id": user, "user_name": strings.ToLower(user),
		"command": "/incident", "text": text, "response_url": s.URL + "/respond/" + id, "trigger_id": id + ".socket",
	}
	return s.envelope(id, "slash_commands", payload)
}

// SocketClick sends a click of button actionID with value over Socket Mode.
func (s *Server) SocketClick(user, channel, actionID, value string) (Reply, error) {
	id := s.nextID()
	payload := map[string]any{
		"type": "block_actions", "trigger_id": id + ".socket", "response_url": s.URL + "/respond/" + id,
		"user":    map[string]any{"id": user, "username": strings.ToLower(user)},
		"channel": map[string]any{"id": channel},
		"actions": []map[string]any{{"action_id": actionID, "block_id": "tandem_card", "type": "button", "value": value, "action_ts": "1.1"}},
	}
	return s.envelope(id, "interactive", payload)
}

func (s *Server) envelope(id, typ string, payload any) (Reply, error) {
	s.mu.Lock()
	sk := s.socket
	s.mu.Unlock()
	if sk == nil {
		return Reply{}, fmt.Errorf("no Socket Mode connection")
	}
	env := "env-" + id
	ch := make(chan json.RawMessage, 1)
	sk.mu.Lock()
	sk.acks[env] = ch
	sk.mu.Unlock()
	err := sk.send(map[string]any{"envelope_id": env, "type": typ, "payload": payload, "accepts_response_payload": typ == "slash_commands"})
	if err != nil {
		return Reply{}, err
	}
	select {
	case p := <-ch:
		return Reply{Status: http.StatusOK, Body: string(p), id: id, s: s}, nil
	case <-time.After(5 * time.Second):
		return Reply{}, fmt.Errorf("no ack for envelope %s within 5 s", env)
	}
}

// socketURL is where apps.connections.open sends the bot.
func (s *Server) socketURL() string {
	u, _ := url.Parse(s.URL)
	u.Scheme = "ws"
	u.Path = "/socket"
	return u.String()
}
