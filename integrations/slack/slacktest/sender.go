package slacktest

import (
	"cmp"
	"crypto/hmac"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"time"
)

// Answer is one message the bot sent back: the body of its HTTP answer,
// or a post to response_url.
type Answer struct {
	ResponseType    string          `json:"response_type"`
	Text            string          `json:"text"`
	Blocks          json.RawMessage `json:"blocks"`
	ReplaceOriginal bool            `json:"replace_original"`
}

// Ephemeral reports whether only the asker sees the answer (Slack's default
// when response_type is left out).
func (a Answer) Ephemeral() bool { return a.ResponseType != "in_channel" }

// Content is what a person reads: the section texts (or the text when
// there are no blocks), with Slack's entities undone.
func (a Answer) Content() string {
	var blocks []block
	json.Unmarshal(a.Blocks, &blocks)
	var parts []string
	for _, b := range blocks {
		if b.Text != nil {
			parts = append(parts, b.Text.Text)
		}
	}
	if len(parts) == 0 {
		parts = []string{a.Text}
	}
	return strings.NewReplacer("&lt;", "<", "&gt;", ">", "&amp;", "&").Replace(strings.Join(parts, "\n"))
}

func (s *Server) respond(w http.ResponseWriter, r *http.Request) {
	var a Answer
	if err := json.NewDecoder(io.LimitReader(r.Body, 1<<20)).Decode(&a); err != nil {
		http.Error(w, "bad JSON", http.StatusBadRequest)
		return
	}
	if len(a.Blocks) > 0 && string(a.Blocks) != "null" {
		if err := ValidateBlocks(string(a.Blocks)); err != nil {
			http.Error(w, "invalid_blocks: "+err.Error(), http.StatusBadRequest)
			return
		}
	}
	s.mu.Lock()
	s.answers[r.PathValue("id")] = append(s.answers[r.PathValue("id")], a)
	s.mu.Unlock()
	io.WriteString(w, "ok")
}

// Sender sends the bot what Slack sends it, signed with the app's signing
// secret at the bot's clock, and collects the answers.
type Sender struct {
	Server *Server
	BotURL string // the bot's base URL, e.g. http://127.0.0.1:port
	Secret string
	// Now stamps X-Slack-Request-Timestamp (time.Now when nil).
	Now func() time.Time
	// App and Team are the api_app_id and installing workspace every
	// request carries (AppID and TeamID when empty): another value plays a
	// request for another app or installation.
	App, Team string
}

// The app and workspace the fake is: what auth.test answers and what every
// request carries by default.
const (
	AppID  = "ATANDEM"
	TeamID = "TTEST"
)

func (s *Sender) app() string  { return cmp.Or(s.App, AppID) }
func (s *Sender) team() string { return cmp.Or(s.Team, TeamID) }

// Reply is the bot's HTTP answer to one request, and the response_url it
// may answer through later.
type Reply struct {
	Status int
	Body   string
	Header http.Header
	id     string
	s      *Server
}

// Answers returns everything the bot answered so far: the HTTP answer's
// message (when it had one), then each response_url post.
func (r Reply) Answers() []Answer {
	var out []Answer
	var a Answer
	if strings.HasPrefix(r.Body, "{") && json.Unmarshal([]byte(r.Body), &a) == nil && (a.Text != "" || len(a.Blocks) > 0) {
		out = append(out, a)
	}
	r.s.mu.Lock()
	defer r.s.mu.Unlock()
	return append(out, r.s.answers[r.id]...)
}

// Content joins the content of every answer so far.
func (r Reply) Content() string {
	var parts []string
	for _, a := range r.Answers() {
		parts = append(parts, a.Content())
	}
	return strings.Join(parts, "\n")
}

// Command sends "/incident text" typed by user in channel.
func (s *Sender) Command(user, channel, text string) Reply {
	id := s.Server.nextID()
	form := url.Values{
		"token": {"legacy-verification-token"}, "team_id": {s.team()}, "team_domain": {"test"},
		"channel_id": {channel}, "channel_name": {"channel"}, "user_id": {user}, "user_name": {strings.ToLower(user)},
		"command": {"/incident"}, "text": {text}, "api_app_id": {s.app()}, "is_enterprise_install": {"false"},
		"response_url": {s.Server.URL + "/respond/" + id}, "trigger_id": {id + ".1234.abcdef"},
	}
	return s.Send("/slack/commands", []byte(form.Encode()), id, nil)
}

// Click sends a click of the card's button actionID (tandem_ack, …) with
// value (the incident ID) by user, in channel.
func (s *Sender) Click(user, channel, actionID, value string) Reply {
	return s.ClickOn(user, channel, "1.000100", "", actionID, value)
}

// ClickOn sends a click of a button of the message messageTS in channel;
// threadTS is the message's thread ("" for none; a thread's parent is its
// own thread). As Slack does (block_actions payload,
// https://docs.slack.dev/reference/interaction-payloads/block_actions-payload),
// container carries message_ts and, in a thread, thread_ts; user.team_id
// is the clicker's own workspace, which in a Slack Connect channel is the
// other organisation's (AddSharedChannel).
func (s *Sender) ClickOn(user, channel, messageTS, threadTS, actionID, value string) Reply {
	id := s.Server.nextID()
	container := map[string]any{"type": "message", "message_ts": messageTS, "channel_id": channel, "is_ephemeral": false}
	message := map[string]any{"type": "message", "ts": messageTS, "text": "card"}
	if threadTS != "" {
		container["thread_ts"], message["thread_ts"] = threadTS, threadTS
	}
	payload := map[string]any{
		"type": "block_actions", "api_app_id": s.app(), "token": "legacy-verification-token",
		"user":       map[string]any{"id": user, "username": strings.ToLower(user), "name": strings.ToLower(user), "team_id": s.Server.teamOf(user)},
		"team":       map[string]any{"id": s.team(), "domain": "test"},
		"channel":    map[string]any{"id": channel, "name": "channel"},
		"container":  container,
		"trigger_id": id + ".1234.abcdef", "response_url": s.Server.URL + "/respond/" + id,
		"message": message,
		"actions": []map[string]any{{
			"action_id": actionID, "block_id": "tandem_card", "type": "button", "value": value,
			"text": map[string]any{"type": "plain_text", "text": actionID}, "action_ts": fmt.Sprintf("%d.000001", time.Now().Unix()),
		}},
	}
	b, _ := json.Marshal(payload)
	return s.Send("/slack/interactions", []byte(url.Values{"payload": {string(b)}}.Encode()), id, nil)
}

// Mention writes "<@bot> text" as user in channel (in the thread threadTS,
// "" for the channel itself) and sends its app_mention event.
func (s *Sender) Mention(user, channel, threadTS, text string) Reply {
	id := s.Server.nextID()
	text = "<@" + BotUser + "> " + text
	ts := s.Server.AddUserMessage(channel, user, "", threadTS, text)
	ev := map[string]any{"type": "app_mention", "user": user, "text": text, "channel": channel, "ts": ts, "team": s.Server.teamOf(user)}
	if threadTS != "" {
		ev["thread_ts"] = threadTS
	}
	b, _ := json.Marshal(map[string]any{"type": "event_callback", "team_id": s.team(), "api_app_id": s.app(),
		"event_id": "Ev" + id, "event_time": time.Now().Unix(), "event": ev})
	return s.Send("/slack/events", b, id, nil)
}

// Event sends an Events API body (JSON) with extra headers (e.g.
// X-Slack-Retry-Num).
func (s *Sender) Event(body string, header map[string]string) Reply {
	return s.Send("/slack/events", []byte(body), s.Server.nextID(), header)
}

// Send posts body to path on the bot, signed; header adds or overrides
// headers (an empty value removes one).
func (s *Sender) Send(path string, body []byte, id string, header map[string]string) Reply {
	s.Server.t.Helper()
	req, err := http.NewRequest(http.MethodPost, s.BotURL+path, strings.NewReader(string(body)))
	if err != nil {
		s.Server.t.Fatal(err)
	}
	ts := strconv.FormatInt(s.now().Unix(), 10)
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	if strings.HasPrefix(string(body), "{") {
		req.Header.Set("Content-Type", "application/json")
	}
	req.Header.Set("X-Slack-Request-Timestamp", ts)
	req.Header.Set("X-Slack-Signature", Signature(s.Secret, ts, body))
	for k, v := range header {
		if v == "" {
			req.Header.Del(k)
		} else {
			req.Header.Set(k, v)
		}
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		s.Server.t.Fatalf("POST %s: %v", path, err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	return Reply{Status: resp.StatusCode, Body: string(b), Header: resp.Header, id: id, s: s.Server}
}

func (s *Sender) now() time.Time {
	if s.Now == nil {
		return time.Now()
	}
	return s.Now()
}

// Signature is Slack's X-Slack-Signature of body sent at ts, written here
// independently of the package under test.
func Signature(secret, ts string, body []byte) string {
	mac := hmac.New(sha256.New, []byte(secret))
	fmt.Fprintf(mac, "v0:%s:", ts)
	mac.Write(body)
	return "v0=" + hex.EncodeToString(mac.Sum(nil))
}

func (s *Server) nextID() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.seq++
	return strconv.Itoa(s.seq)
}

// teamOf is the workspace a user belongs to: another organisation's for
// the people of a shared channel, else the test workspace.
func (s *Server) teamOf(user string) string {
	s.mu.Lock()
	defer s.mu.Unlock()
	if t := s.state.external[user]; t != "" {
		return t
	}
	return "TTEST"
}
